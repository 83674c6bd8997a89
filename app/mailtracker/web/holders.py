"""Who holds a record now: everyone with an active assignment on it (a record can be with
several people in parallel), not only the last person it was given to."""

from django.db.models import Prefetch, prefetch_related_objects

from mailtracker.records.models import Assignment


def with_holders(records: list) -> list:
    """Load each record's active assignments (with their people) in one query for the page."""
    active = (
        Assignment.objects.filter(state=Assignment.State.ACTIVE)
        .select_related("assignee")
        .order_by("assigned_at", "id")
    )
    prefetch_related_objects(
        records, Prefetch("assignments", queryset=active, to_attr="active_assignments")
    )
    return records
