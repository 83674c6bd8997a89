from django.db.models import QuerySet

from mailtracker.audit.models import AuditEvent


def audit_events_for_record(*, record) -> QuerySet[AuditEvent]:
    """The record's timeline, oldest first. Callers have already checked the record is visible."""
    return AuditEvent.objects.filter(record=record).select_related("actor")
