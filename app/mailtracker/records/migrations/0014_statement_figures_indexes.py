"""The statement's counts by section read from indexes alone (records.models FIGURES): the
received and completion date indexes carry what the counts and the reader's visibility look
at, and the open records get one by received date. Built concurrently, hence not atomic."""

from django.db import migrations, models

from mailtracker.core.migration_operations import (
    AddIndexConcurrently,
    RemoveIndexConcurrently,
)

OPEN = models.Q(("status", "closed"), _negated=True)
FIGURES = ("section", "subsection", "due_date", "id")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0013_assignment_record_copies")]

    operations = [
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                fields=["received_date"], include=FIGURES, name="record_received_figures"
            ),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                condition=models.Q(("completion_date__isnull", False)),
                fields=["completion_date"],
                include=("received_date", "status", *FIGURES),
                name="record_completion_figures",
            ),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                condition=OPEN,
                fields=["received_date"],
                include=FIGURES,
                name="record_open_received_figures",
            ),
        ),
        RemoveIndexConcurrently(model_name="mailrecord", name="record_received"),
        RemoveIndexConcurrently(model_name="mailrecord", name="record_completion"),
    ]
