"""The GIN index that makes search inside documents an index scan. PostgreSQL only (the
embedded SQLite of a development setup searches the page text directly).

The index is on ``array_to_tsvector(string_to_array(terms, ' '))``: the app has already split
and normalised the words, so PostgreSQL's text-search parser, which depends on the database's
locale and may cut Devanagari words at their vowel signs, never sees the text."""

from django.db import migrations

INDEX = "page_terms_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON attachments_documentpage "
        "USING gin (array_to_tsvector(string_to_array(terms, ' ')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("attachments", "0003_document_processing")]
    operations = [migrations.RunPython(create, drop)]
