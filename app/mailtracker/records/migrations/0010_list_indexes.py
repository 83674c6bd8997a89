"""Indexes for every order a list can be read in (records.sorts), over all records and over
open ones, and for the jump to a date in the lists sorted by registration. Built with CREATE
INDEX CONCURRENTLY on PostgreSQL, so the register stays writable meanwhile (a minute or two for
all of them at a million records); hence not atomic."""

import datetime

from django.db import migrations, models

from mailtracker.core.migration_operations import (
    AddIndexConcurrently,
    RemoveIndexConcurrently,
)
from mailtracker.records.keys import DayThenId

OPEN = models.Q(("status", "closed"), _negated=True)
DUE_KEY = DayThenId("due_date", missing=datetime.date(9999, 12, 31))
RECEIVED_KEY = DayThenId("received_date")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0009_status_counts")]

    operations = [
        AddIndexConcurrently(
            model_name="mailrecord", index=models.Index(DUE_KEY, name="record_due_key")
        ),
        AddIndexConcurrently(
            model_name="mailrecord", index=models.Index(RECEIVED_KEY, name="record_received_key")
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(fields=["stage_since", "id"], name="record_stage_since_id"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(condition=OPEN, fields=["-id"], name="record_open_id"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(DUE_KEY, condition=OPEN, name="record_open_due_key"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(RECEIVED_KEY, condition=OPEN, name="record_open_received_key"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                condition=OPEN, fields=["stage_since", "id"], name="record_open_stage_since_id"
            ),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(fields=["created_at"], name="record_created_at"),
        ),
        AddIndexConcurrently(
            model_name="mailrecord",
            index=models.Index(
                fields=["monitoring_officer", "subsection"], name="record_monitor_subsection"
            ),
        ),
        # Whose assignments are outside their scope, by state: a section head's staff's
        # active ones, without reading every one they ever held; the record ids from the index.
        AddIndexConcurrently(
            model_name="assignment",
            index=models.Index(
                condition=models.Q(("outside_scope", True)),
                fields=["assignee", "state"],
                name="assignment_outside_scope_state",
                include=["record"],
            ),
        ),
        RemoveIndexConcurrently(model_name="assignment", name="assignment_outside_scope"),
    ]
