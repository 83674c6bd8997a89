"""One line of plain language for each audit event, from the details its service recorded."""

from django.utils.translation import gettext as _

from mailtracker.audit.models import AuditEvent

Action = AuditEvent.Action


def _size(details: dict) -> str:
    size = details.get("size")
    if not isinstance(size, int):
        return ""
    return f" ({size / 1048576:.1f} MB)" if size >= 1048576 else f" ({max(1, size // 1024)} KB)"


def _describe(action: str, d: dict, name) -> str:
    if action == Action.CREATE:
        return _("Registered as %(serial)s") % {"serial": d.get("serial", "")}
    if action == Action.ASSIGN:
        people = ", ".join(name(person) for person in d.get("assignees", []))
        return _("Assigned to %(people)s") % {"people": people}
    if action == Action.REASSIGN:
        said = f": {d['remark']}" if d.get("remark") else ""
        people = {"from": name(d.get("from_user")), "to": name(d.get("to_user"))}
        return _("Passed from %(from)s to %(to)s") % people + said
    if action == Action.PART_DONE:
        return _("%(person)s's part done: %(remark)s") % {
            "person": name(d.get("user")),
            "remark": d.get("remark", ""),
        }
    if action == Action.REVOKE:
        return _("Assignment of %(person)s revoked: %(reason)s") % {
            "person": name(d.get("user")),
            "reason": d.get("reason", ""),
        }
    if action == Action.REMARK:
        return _("Remark: %(text)s") % {"text": d.get("text", "")}
    if action == Action.ACTION_UPDATE:
        return _("Current action: %(status)s") % {"status": d.get("action_status", "")}
    if action == Action.CLOSE:
        said = f": {d['remarks']}" if d.get("remarks") else ""
        return _("Closed, completed on %(date)s") % {"date": d.get("completion_date", "")} + said
    if action == Action.REOPEN:
        return _("Reopened: %(reason)s") % {"reason": d.get("reason", "")}
    if action == Action.PDF_UPLOAD:
        return _("Attached %(name)s") % {"name": d.get("name", "PDF")} + _size(d)
    if action == Action.PDF_REPLACE:
        return _("Replaced %(old)s by %(new)s (version %(version)s; the old one is kept)") % {
            "old": d.get("replaced", {}).get("name"),
            "new": d.get("name"),
            "version": d.get("version", 2),
        }
    if action == Action.PDF_DELETE:
        return _("Deleted %(name)s") % {"name": d.get("name", "PDF")}
    if action == Action.PDF_REMOVE:
        return _("Removed %(name)s from the record (kept): %(reason)s") % {
            "name": d.get("name", "PDF"),
            "reason": d.get("reason", ""),
        }
    if action == Action.PDF_PURGE:
        return _("Purged the stored file of %(name)s (retention)") % {"name": d.get("name", "PDF")}
    if action == Action.UPDATE:
        return _("Changed %(fields)s") % {"fields": ", ".join(sorted(d.get("changes", {})))}
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
