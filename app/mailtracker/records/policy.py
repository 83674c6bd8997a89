"""Who may do what to a record. One function per action, used by the services (which enforce)
and by the API and UI (which only offer what is allowed). Visibility is decided separately, by
``selectors.records_visible_to``; every function here assumes the record is already visible."""

from mailtracker.accounts.roles import Role
from mailtracker.records.models import Assignment, MailRecord, Status


def is_head(user) -> bool:
    return user.is_superuser or user.role == Role.HEAD


def manages_section(user, section_id: int) -> bool:
    return user.role == Role.SECTION_HEAD and user.managed_sections.filter(pk=section_id).exists()


def is_holder(user, record: MailRecord) -> bool:
    """The user holds an active assignment on the record (the "current handler")."""
    return record.assignments.filter(assignee=user, state=Assignment.State.ACTIVE).exists()


def can_create_in(user, subsection) -> bool:
    if is_head(user):
        return True
    if user.role == Role.SECTION_HEAD:
        return manages_section(user, subsection.section_id)
    if user.role == Role.AUDITOR:
        return user.audited_subsections.filter(pk=subsection.pk).exists()
    return user.subsection_id == subsection.pk


def can_edit(user, record: MailRecord) -> bool:
    """Correct the registered details: the head, the section's head, or the registering person
    while nobody has been assigned yet."""
    if record.status == Status.CLOSED:
        return False
    if is_head(user) or manages_section(user, record.section_id):
        return True
    return record.created_by_id == user.pk and record.status == Status.CREATED


def can_assign(user, record: MailRecord) -> bool:
    if record.status == Status.CLOSED:
        return False
    return is_head(user) or manages_section(user, record.section_id)


def can_reassign(user, assignment: Assignment) -> bool:
    """The head, the section's head, or the person holding this assignment may pass it on."""
    if assignment.state != Assignment.State.ACTIVE or assignment.record.status == Status.CLOSED:
        return False
    if is_head(user) or manages_section(user, assignment.record.section_id):
        return True
    return assignment.assignee_id == user.pk


def can_remark(user, assignment: Assignment) -> bool:
    record = assignment.record
    return (
        is_head(user)
        or manages_section(user, record.section_id)
        or assignment.assignee_id == user.pk
    )


def can_update_action(user, record: MailRecord) -> bool:
    if record.status == Status.CLOSED:
        return False
    return is_head(user) or is_holder(user, record)


def can_close(user, record: MailRecord) -> bool:
    if record.status == Status.CLOSED:
        return False
    return is_head(user) or is_holder(user, record)


def can_reopen(user, record: MailRecord) -> bool:
    return record.status == Status.CLOSED and is_head(user)


def can_attach_pdf(user, record: MailRecord) -> bool:
    if record.status == Status.CLOSED:
        return is_head(user)
    return (
        is_head(user)
        or manages_section(user, record.section_id)
        or record.created_by_id == user.pk
        or is_holder(user, record)
    )


def allowed_actions(user, record: MailRecord) -> list[str]:
    """Names of the record-level actions this user may take now (shown by the API and the UI)."""
    checks = {
        "edit": can_edit,
        "assign": can_assign,
        "update_action": can_update_action,
        "close": can_close,
        "reopen": can_reopen,
        "attach_pdf": can_attach_pdf,
    }
    return [name for name, check in checks.items() if check(user, record)]
