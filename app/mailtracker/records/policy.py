"""Who may do what to a record. One function per action, used by the services (which enforce)
and by the API and UI (which only offer what is allowed). Visibility is decided separately, by
``selectors.records_visible_to``; every function here assumes the record is already visible."""

from mailtracker.accounts.coverage import role_coverage
from mailtracker.accounts.roles import Role, is_head
from mailtracker.records.models import Assignment, MailRecord, Status
from mailtracker.records.selectors import chain_root_id

ACTIVE = Assignment.State.ACTIVE


def manages_section(user, section_id: int) -> bool:
    return user.role == Role.SECTION_HEAD and user.managed_sections.filter(pk=section_id).exists()


def active_assignments(record: MailRecord) -> list[Assignment]:
    return list(record.assignments.filter(state=ACTIVE).select_related("assignee"))


def is_holder(user, record: MailRecord) -> bool:
    """The user holds an active assignment on the record (rule 5)."""
    return record.assignments.filter(assignee=user, state=ACTIVE).exists()


def assigner_of(assignment: Assignment) -> int:
    """The id of the person who made the assignment this step belongs to: the first step's
    ``assigned_by``, however often it was passed on since."""
    root = chain_root_id(assignment)
    if root == assignment.pk:
        return assignment.assigned_by_id
    return Assignment.objects.values_list("assigned_by_id", flat=True).get(pk=root)


def can_create_in(user, subsection) -> bool:
    """Rule 1: anyone but an unattached account, within what their role covers."""
    return role_coverage(user).covers(section_id=subsection.section_id, subsection_id=subsection.pk)


def _runs_section(user, record: MailRecord) -> bool:
    return is_head(user) or manages_section(user, record.section_id)


def can_edit(user, record: MailRecord) -> bool:
    """Correct the registered details: the head, the section's head, or the registering person
    while nobody has acted on the letter yet (it is still just "Assigned")."""
    if record.status == Status.CLOSED:
        return False
    if _runs_section(user, record):
        return True
    return record.created_by_id == user.pk and record.status in {Status.CREATED, Status.ASSIGNED}


def can_change_monitoring(user, record: MailRecord) -> bool:
    """Rule 4: the head or the section's head choose who monitors a record."""
    return record.status != Status.CLOSED and _runs_section(user, record)


def can_assign(user, record: MailRecord) -> bool:
    """Rule 8: the head or a section head give a record to more people, in parallel."""
    return record.status != Status.CLOSED and _runs_section(user, record)


def _is_open(assignment: Assignment) -> bool:
    return assignment.state == ACTIVE and assignment.record.status != Status.CLOSED


def can_reassign(user, assignment: Assignment) -> bool:
    """Rule 7: the holder passes their part on; the head and the section's head may too."""
    if not _is_open(assignment):
        return False
    return assignment.assignee_id == user.pk or _runs_section(user, assignment.record)


def can_mark_done(user, assignment: Assignment) -> bool:
    """Rule 8: only the holder says their own part is done."""
    return _is_open(assignment) and assignment.assignee_id == user.pk


def can_revoke(user, assignment: Assignment) -> bool:
    """Rule 8: the person who made the assignment, or the head, takes it back."""
    if not _is_open(assignment):
        return False
    return is_head(user) or assigner_of(assignment) == user.pk


def can_remark(user, assignment: Assignment) -> bool:
    return _runs_section(user, assignment.record) or assignment.assignee_id == user.pk


def can_update_action(user, record: MailRecord) -> bool:
    if record.status == Status.CLOSED:
        return False
    return is_head(user) or is_holder(user, record)


def others_holding(user, record: MailRecord) -> list[Assignment]:
    """Active assignments held by people other than ``user``: what closing would end."""
    return [a for a in active_assignments(record) if a.assignee_id != user.pk]


def can_close(user, record: MailRecord) -> bool:
    """Rule 10: a holder whose assignment is the only active one; while others hold parts,
    only the head or the section head who made those assignments. A record nobody holds (an
    imported one) may be closed by the head or its section's head."""
    if record.status == Status.CLOSED:
        return False
    if is_head(user):
        return True
    others = others_holding(user, record)
    if not others:
        return is_holder(user, record) or manages_section(user, record.section_id)
    return manages_section(user, record.section_id) and all(
        assigner_of(assignment) == user.pk for assignment in others
    )


def can_reopen(user, record: MailRecord) -> bool:
    """Rule 11: only the head reopens."""
    return record.status == Status.CLOSED and is_head(user)


def can_attach_pdf(user, record: MailRecord) -> bool:
    """Add, replace or remove documents. None of these destroys bytes (rule 13)."""
    if record.status == Status.CLOSED:
        return is_head(user)
    return _runs_section(user, record) or record.created_by_id == user.pk or is_holder(user, record)


def allowed_actions(user, record: MailRecord) -> list[str]:
    """Names of the record-level actions this user may take now (shown by the API and the UI)."""
    checks = {
        "edit": can_edit,
        "change_monitoring": can_change_monitoring,
        "assign": can_assign,
        "update_action": can_update_action,
        "close": can_close,
        "reopen": can_reopen,
        "attach_pdf": can_attach_pdf,
    }
    return [name for name, check in checks.items() if check(user, record)]
