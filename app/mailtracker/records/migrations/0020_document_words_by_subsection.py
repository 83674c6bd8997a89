"""An index of each record's document words, each named with the record's subsection
(``2:gratuity``), so that a search inside the documents of given subsections reads only those
subsections' entries (attachments.search.words_in_places).

The (subsection, document words) index of 0017 answers the same question by intersecting the
word's posting list with that of every record of the subsections: a section head's
``gratuity`` in their four subsections at a million records decodes 166,667 entries of the
subsections to keep 3,304 (6.5 ms); asked for ``1:gratuity`` ... ``4:gratuity``, it reads the
3,304 alone (0.3-0.5 ms). Asked for a search only inside the documents: beside the letter
number, subject and sender, PostgreSQL would compute the named words again for every record
found. The old index stays for those searches, a prefix that begins too many words to list,
and a search without a place.

``records_place_words(place, words)`` is immutable (``tsvector_to_array`` is), so the index
can hold it. Built concurrently (the register stays writable; 22 s and 90 MB at a million
records of 39 words each), hence not atomic. SQLite (development) has neither."""

from django.db import migrations

INDEX = "record_place_document_words"
FUNCTION = """
CREATE OR REPLACE FUNCTION records_place_words(place bigint, words tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT place::text || ':' || word FROM unnest(tsvector_to_array(words)) AS word)
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON records_mailrecord "
        "USING gin (records_place_words(subsection_id, document_words))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS records_place_words(bigint, tsvector)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0019_subject_trigrams_by_subsection")]
    operations = [migrations.RunPython(create, drop)]
