"""One line of plain language for each audit event, from the details its service recorded."""

from mailtracker.audit.models import AuditEvent

Action = AuditEvent.Action


def _names(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _size(details: dict) -> str:
    size = details.get("size")
    return f" ({size / 1048576:.1f} MB)" if isinstance(size, int) else ""


SUMMARIES = {
    Action.CREATE: lambda d: f"Registered as {d.get('serial', '')}",
    Action.ASSIGN: lambda d: f"Assigned to {_names(d.get('assignees', []))}",
    Action.REASSIGN: lambda d: f"Passed from {d.get('from_user')} to {d.get('to_user')}",
    Action.REMARK: lambda d: f"Remark: {d.get('text', '')}",
    Action.ACTION_UPDATE: lambda d: f"Current action: {d.get('action_status', '')}",
    Action.CLOSE: lambda d: f"Closed, completed on {d.get('completion_date', '')}",
    Action.REOPEN: lambda d: f"Reopened: {d.get('reason', '')}",
    Action.PDF_UPLOAD: lambda d: f"Attached {d.get('name', 'a PDF')}{_size(d)}",
    Action.PDF_REPLACE: lambda d: (
        f"Replaced {d.get('replaced', {}).get('name')} by {d.get('name')}"
    ),
    Action.PDF_DELETE: lambda d: f"Deleted {d.get('name', 'a PDF')}",
    Action.UPDATE: lambda d: "Changed " + ", ".join(sorted(d.get("changes", {}))),
}


def audit_summary(event: AuditEvent) -> str:
    describe = SUMMARIES.get(event.action)
    details = event.details or {}
    if describe is None:
        return event.get_action_display()
    try:
        return describe(details)
    except (AttributeError, TypeError):
        # Old events may carry other details; the action's name is still true.
        return event.get_action_display()
