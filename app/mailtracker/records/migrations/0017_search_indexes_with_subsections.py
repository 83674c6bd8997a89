"""The subject's trigram index and the documents' words index also hold each record's
subsection (btree_gin), so that a list read first inside the user's subsections asks them for
the matches there in one scan. Before, PostgreSQL built a bitmap of every record of those
subsections and ANDed it with the matches: an auditor's ``q=pension`` sorted by due date at a
million records read 83,334 entries of their two subsections (10 ms) for 2,032 matches; the
statement took 25 ms, 15 with these indexes. A search with no place (the head's) reads them as
before. Not the section: for a section's records PostgreSQL keeps ANDing the (section, date)
index's bitmap, which it prices lower.

The letter number's and sender's trigram indexes stay as they were: a common word is rarely
in them, and their few matches are checked against the subsections on the records.

Built concurrently (the register stays writable; 4-6 s each at a million records), then the
old indexes are dropped; hence not atomic. SQLite (development) has none of these indexes."""

from django.db import migrations

# name: (the old index it replaces, what it indexes after the subsection)
INDEXES = {
    "record_subsection_subject_trgm": (
        "record_subject_trgm",
        "(UPPER(subject::text)) gin_trgm_ops",
    ),
    "record_subsection_document_words": ("record_document_words", "document_words"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Trusted since PostgreSQL 13: the database's owner may create it, as pg_trgm (0002).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for name, (old, indexed) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON records_mailrecord "
            f"USING gin (subsection_id, {indexed})"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {old}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (old, indexed) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {old} ON records_mailrecord "
            f"USING gin ({indexed})"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0016_document_word_list")]
    operations = [migrations.RunPython(create, restore)]
