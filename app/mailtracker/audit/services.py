from typing import Any

from mailtracker.audit.models import AuditEvent


def audit_event_record(*, record, actor, action: str, **details: Any) -> AuditEvent:
    """Append one event to the record's audit trail (call inside the service's transaction, so
    the event and the change it describes commit or vanish together)."""
    return AuditEvent.objects.create(record=record, actor=actor, action=action, details=details)
