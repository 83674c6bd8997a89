"""A trigram index so that part of a letter number finds the letter (as subject and sender
already do). PostgreSQL only: on the embedded SQLite of a development setup nothing happens."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS record_letter_number_trgm ON records_mailrecord "
        "USING gin ((UPPER(letter_number::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS record_letter_number_trgm")


class Migration(migrations.Migration):
    dependencies = [("records", "0006_drop_current_handler")]
    operations = [migrations.RunPython(create, drop)]
