"""A walk of the register in id order tests a window of dates in the index (records.models):
built concurrently (1 s and 39 MB at a million records), hence not atomic."""

from django.db import migrations, models

from mailtracker.core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0020_document_words_by_subsection")]

    operations = [
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                fields=["id", "received_date", "due_date", "letter_date"], name="record_id_dates"
            ),
        )
    ]
