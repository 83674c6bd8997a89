"""One line of plain language for each audit event, from the details its service recorded."""

from mailtracker.audit.models import AuditEvent

Action = AuditEvent.Action


def _size(details: dict) -> str:
    size = details.get("size")
    if not isinstance(size, int):
        return ""
    return f" ({size / 1048576:.1f} MB)" if size >= 1048576 else f" ({max(1, size // 1024)} KB)"


def _describe(action: str, d: dict, name) -> str:
    if action == Action.CREATE:
        return f"Registered as {d.get('serial', '')}"
    if action == Action.ASSIGN:
        return "Assigned to " + ", ".join(name(person) for person in d.get("assignees", []))
    if action == Action.REASSIGN:
        said = f": {d['remark']}" if d.get("remark") else ""
        return f"Passed from {name(d.get('from_user'))} to {name(d.get('to_user'))}{said}"
    if action == Action.PART_DONE:
        return f"{name(d.get('user'))}'s part done: {d.get('remark', '')}"
    if action == Action.REVOKE:
        return f"Assignment of {name(d.get('user'))} revoked: {d.get('reason', '')}"
    if action == Action.REMARK:
        return f"Remark: {d.get('text', '')}"
    if action == Action.ACTION_UPDATE:
        return f"Current action: {d.get('action_status', '')}"
    if action == Action.CLOSE:
        said = f": {d['remarks']}" if d.get("remarks") else ""
        return f"Closed, completed on {d.get('completion_date', '')}{said}"
    if action == Action.REOPEN:
        return f"Reopened: {d.get('reason', '')}"
    if action == Action.PDF_UPLOAD:
        return f"Attached {d.get('name', 'a PDF')}{_size(d)}"
    if action == Action.PDF_REPLACE:
        return (
            f"Replaced {d.get('replaced', {}).get('name')} by {d.get('name')} "
            f"(version {d.get('version', 2)}; the old one is kept)"
        )
    if action == Action.PDF_DELETE:
        return f"Deleted {d.get('name', 'a PDF')}"
    if action == Action.PDF_REMOVE:
        return f"Removed {d.get('name', 'a PDF')} from the record (kept): {d.get('reason', '')}"
    if action == Action.PDF_PURGE:
        return f"Purged the stored file of {d.get('name', 'a PDF')} (retention)"
    if action == Action.UPDATE:
        return "Changed " + ", ".join(sorted(d.get("changes", {})))
    return ""


def audit_summary(event: AuditEvent, names: dict[str, str] | None = None) -> str:
    """``names`` maps usernames (as events record them) to the names people know."""
    names = names or {}

    def name(username) -> str:
        return names.get(username, str(username))

    try:
        return _describe(event.action, event.details or {}, name) or event.get_action_display()
    except (AttributeError, TypeError):
        # Old events may carry other details; the action's name is still true.
        return event.get_action_display()


def usernames_in(events) -> set[str]:
    """Every username the events mention, to look their names up in one query."""
    usernames = set()
    for event in events:
        details = event.details or {}
        assignees = details.get("assignees")
        usernames.update(assignees if isinstance(assignees, list) else [])
        usernames.update(
            str(details[key]) for key in ("from_user", "to_user", "user") if key in details
        )
    return usernames
