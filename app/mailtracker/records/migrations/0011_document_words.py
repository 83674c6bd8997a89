"""Each record keeps the words of its current documents (``document_words``), so that the
register's search is one table with an index per field: a GIN index on these words beside the
trigram indexes on the letter number, subject and sender. Before, matching inside documents
was a lookup over every page that matched, joined back to the records.

Also indexes on the letter and due dates, through which a narrow window of those dates is read
before sorting (records.filters), and statistics that tell PostgreSQL a subsection lies in one
section.

The words of the documents already stored are copied from their pages in batches of 10,000
records, each its own short transaction (the register stays writable; about a minute per
million records with a page each). The indexes are built concurrently on PostgreSQL; hence not
atomic."""

import django.contrib.postgres.search
from django.db import migrations, models

from mailtracker.core.migration_operations import AddIndexConcurrently

BATCH = 10_000
INDEX = "record_document_words"
# The words of the current pages of the records in one range of ids, distinct, as a tsvector
# (the words are already normalised by the app: PostgreSQL's parser must not see them).
COPY_POSTGRESQL = """
UPDATE records_mailrecord AS r SET document_words = w.words
FROM (
    SELECT p.record_id, array_to_tsvector(array_agg(DISTINCT word)) AS words
    FROM attachments_documentpage AS p
    JOIN attachments_pdfattachment AS a
      ON a.id = p.attachment_id AND a.superseded_at IS NULL AND a.removed_at IS NULL
    CROSS JOIN LATERAL unnest(string_to_array(p.terms, ' ')) AS word
    WHERE p.record_id >= %s AND p.record_id < %s AND word <> ''
    GROUP BY p.record_id
) AS w
WHERE r.id = w.record_id
"""


def copy_words(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        MailRecord = apps.get_model("records", "MailRecord")
        DocumentPage = apps.get_model("attachments", "DocumentPage")
        pages = DocumentPage.objects.filter(
            attachment__superseded_at__isnull=True, attachment__removed_at__isnull=True
        )
        words = {}
        for record_id, terms in pages.order_by("pk").values_list("record_id", "terms"):
            words.setdefault(record_id, {}).update(dict.fromkeys(terms.split()))
        for record_id, found in words.items():
            MailRecord.objects.filter(pk=record_id).update(document_words=" ".join(found))
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(record_id), max(record_id) FROM attachments_documentpage")
        first, last = cursor.fetchone()
    if first is None:
        return
    for start in range(first, last + 1, BATCH):
        with connection.cursor() as cursor:
            cursor.execute(COPY_POSTGRESQL, (start, start + BATCH))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON records_mailrecord "
            "USING gin (document_words)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


# A subsection lies in one section: without this, PostgreSQL multiplies the two conditions'
# shares as if independent (a section head's list filtered to a subsection: 6,700 records
# instead of 42,000 at a million) and reads them all rather than use a search's index.
STATISTICS = "record_section_of_subsection"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies) "
            "ON section_id, subsection_id FROM records_mailrecord"
        )
        schema_editor.execute("ANALYZE records_mailrecord")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("records", "0010_list_indexes"),
        ("attachments", "0004_page_terms_gin"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailrecord",
            name="document_words",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(copy_words, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(create_statistics, drop_statistics),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(fields=["letter_date"], name="record_letter_date"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(fields=["due_date"], name="record_due"),
        ),
    ]
