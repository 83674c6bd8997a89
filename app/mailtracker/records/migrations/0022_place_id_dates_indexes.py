"""A walk of a section's or subsection's records in id order tests a window of dates in the
index (records.models): the (place, id) indexes are replaced by (place, id, dates) ones, built
before the old ones are dropped, concurrently (1-2 s and 47 MB each at a million records),
hence not atomic."""

from django.db import migrations, models

from mailtracker.core.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently

PLACES = ("section", "subsection")
DATES = ("received_date", "due_date", "letter_date")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0021_id_dates_index")]

    operations = [
        *(
            AddIndexConcurrently(
                model_name="mailrecord",
                index=models.Index(fields=[place, "-id", *DATES], name=f"record_{place}_id_dates"),
            )
            for place in PLACES
        ),
        *(
            RemoveIndexConcurrently(model_name="mailrecord", name=f"record_{place}_id")
            for place in PLACES
        ),
    ]
