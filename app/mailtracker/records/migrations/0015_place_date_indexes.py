"""A window of dates inside a section or subsection in one index range (records.models): a
list's scope or the place it is filtered to. Built concurrently, hence not atomic."""

from django.db import migrations, models

from mailtracker.core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0014_statement_figures_indexes")]

    operations = [
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(fields=[place, f"{date}_date"], name=f"record_{place}_{date}"),
        )
        for place in ("section", "subsection")
        for date in ("received", "due", "letter")
    ]
