"""The monitoring queue's index: open records by monitoring officer (a section head monitors a
sixth of a large register, nearly all of it closed). Built concurrently, hence not atomic."""

from django.db import migrations, models

from mailtracker.core.migration_operations import AddIndexConcurrently

OPEN = models.Q(("status", "closed"), _negated=True)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0011_document_words")]

    operations = [
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                condition=OPEN, fields=["monitoring_officer", "-id"], name="record_open_monitor_id"
            ),
        ),
    ]
