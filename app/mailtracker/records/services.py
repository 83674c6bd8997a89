"""Every write to mail records. Each service checks the policy, changes the rows and appends the
audit event in one transaction; the API and the UI call these and nothing else."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone

from mailtracker.audit.models import AuditEvent
from mailtracker.audit.services import audit_event_record
from mailtracker.records import policy
from mailtracker.records.models import Assignment, MailRecord, Remark, SerialCounter, Status
from mailtracker.records.scope import in_scope, scope_condition

EDITABLE_FIELDS = frozenset(
    {
        "letter_number",
        "letter_date",
        "received_date",
        "subject",
        "from_office",
        "action_required",
        "initial_instructions",
        "due_date",
        "monitoring_officer",
    }
)


def _next_serial(year: int) -> str:
    """Hand out the next ``YYYY/NNN`` of the year. The counter row is locked until the calling
    transaction ends, so concurrent creations queue here and numbers stay gap-free."""
    # Creating the year's row may race; ignore_conflicts turns the loser's insert into a no-op.
    SerialCounter.objects.bulk_create([SerialCounter(year=year)], ignore_conflicts=True)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}/{counter.last_number:03d}"


def _validate_dates(*, letter_date: date, received_date: date, due_date: date | None) -> None:
    errors = {}
    if letter_date > received_date:
        errors["letter_date"] = "The letter cannot be dated after the day it was received."
    if due_date is not None and due_date < received_date:
        errors["due_date"] = "The due date cannot be before the day the letter was received."
    if errors:
        raise ValidationError(errors)


def _set_stage(record: MailRecord, status: str) -> None:
    if record.status != status:
        record.status = status
        record.stage_since = timezone.now()


@transaction.atomic
def record_create(
    *,
    actor,
    subsection,
    letter_number: str,
    letter_date: date,
    received_date: date,
    subject: str,
    from_office: str,
    action_required: str = "",
    initial_instructions: str = "",
    due_date: date | None = None,
    monitoring_officer=None,
) -> MailRecord:
    if not policy.can_create_in(actor, subsection):
        raise PermissionDenied("You may not register mail in this subsection.")
    _validate_dates(letter_date=letter_date, received_date=received_date, due_date=due_date)
    record = MailRecord(
        serial=_next_serial(received_date.year),
        letter_number=letter_number,
        letter_date=letter_date,
        received_date=received_date,
        subject=subject,
        from_office=from_office,
        action_required=action_required,
        initial_instructions=initial_instructions,
        due_date=due_date,
        section_id=subsection.section_id,
        subsection=subsection,
        monitoring_officer=monitoring_officer,
        created_by=actor,
    )
    record.full_clean()
    record.save()
    audit_event_record(
        record=record, actor=actor, action=AuditEvent.Action.CREATE, serial=record.serial
    )
    return record


@transaction.atomic
def record_update(*, actor, record: MailRecord, changes: dict) -> MailRecord:
    """Correct registered details. Only the fields in EDITABLE_FIELDS may change."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if not policy.can_edit(actor, record):
        raise PermissionDenied("You may not change this record.")
    before = {name: getattr(record, name) for name in changes}
    for name, value in changes.items():
        setattr(record, name, value)
    _validate_dates(
        letter_date=record.letter_date, received_date=record.received_date, due_date=record.due_date
    )
    record.full_clean()
    record.save()
    changed = {
        name: {"from": str(before[name]), "to": str(value)}
        for name, value in changes.items()
        if before[name] != value
    }
    if changed:
        audit_event_record(
            record=record, actor=actor, action=AuditEvent.Action.UPDATE, changes=changed
        )
    return record


@transaction.atomic
def record_assign(*, actor, record: MailRecord, assignees, instructions: str = "") -> list:
    """Assign the record to one or more people in parallel."""
    if not policy.can_assign(actor, record):
        raise PermissionDenied("You may not assign this record.")
    assignees = list(dict.fromkeys(assignees))  # the same person twice is one assignment
    if not assignees:
        raise ValidationError({"assignees": "Choose at least one person."})
    _check_assignable(record, assignees)
    created = [
        Assignment.objects.create(
            record=record,
            assignee=person,
            assigned_by=actor,
            instructions=instructions,
            outside_scope=not in_scope(person, record),
        )
        for person in assignees
    ]
    record.current_handler = assignees[-1]
    record.stage_since = timezone.now()
    if record.status == Status.CREATED:
        record.status = Status.ASSIGNED
    record.save(update_fields=["current_handler", "stage_since", "status", "updated_at"])
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.ASSIGN,
        assignees=[person.username for person in assignees],
        instructions=instructions,
    )
    return created


def _check_assignable(record: MailRecord, people) -> None:
    inactive = [person.username for person in people if not person.is_active]
    if inactive:
        raise ValidationError({"assignees": f"Inactive users cannot be assigned: {inactive}."})
    busy = record.assignments.filter(
        assignee__in=people, state=Assignment.State.ACTIVE
    ).values_list("assignee__username", flat=True)
    if busy:
        raise ValidationError({"assignees": f"Already holding this record: {sorted(busy)}."})


@transaction.atomic
def assignment_reassign(*, actor, assignment: Assignment, assignee, instructions: str = ""):
    """Pass an assignment on: it ends, and a successor in the same chain begins."""
    assignment = (
        Assignment.objects.select_for_update().select_related("record").get(pk=assignment.pk)
    )
    if not policy.can_reassign(actor, assignment):
        raise PermissionDenied("You may not reassign this assignment.")
    record = assignment.record
    _check_assignable(record, [assignee])
    assignment.state = Assignment.State.REASSIGNED
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["state", "ended_at"])
    successor = Assignment.objects.create(
        record=record,
        assignee=assignee,
        assigned_by=actor,
        parent=assignment,
        instructions=instructions,
        outside_scope=not in_scope(assignee, record),
    )
    record.current_handler = assignee
    record.stage_since = timezone.now()
    record.save(update_fields=["current_handler", "stage_since", "updated_at"])
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.REASSIGN,
        from_user=assignment.assignee.username,
        to_user=assignee.username,
        instructions=instructions,
    )
    return successor


@transaction.atomic
def remark_add(*, actor, assignment: Assignment, text: str) -> Remark:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "A remark cannot be empty."})
    if not policy.can_remark(actor, assignment):
        raise PermissionDenied("You may not add remarks to this assignment.")
    remark = Remark.objects.create(assignment=assignment, author=actor, text=text)
    audit_event_record(
        record=assignment.record,
        actor=actor,
        action=AuditEvent.Action.REMARK,
        assignment=assignment.pk,
        text=text,
    )
    return remark


@transaction.atomic
def record_update_action(
    *, actor, record: MailRecord, action_status: str, remarks: str = ""
) -> MailRecord:
    """Record what is being done now; the record moves to In progress."""
    if not action_status.strip():
        raise ValidationError({"action_status": "Say what the current action is."})
    if not policy.can_update_action(actor, record):
        raise PermissionDenied("Only the current handler may update the action.")
    record.current_action_status = action_status.strip()
    record.current_action_remarks = remarks
    previous_status = record.status
    _set_stage(record, Status.IN_PROGRESS)
    record.full_clean()
    record.save()
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.ACTION_UPDATE,
        action_status=record.current_action_status,
        remarks=remarks,
        status_from=previous_status,
        status_to=record.status,
    )
    return record


@transaction.atomic
def record_close(
    *, actor, record: MailRecord, remarks: str = "", completion_date: date | None = None
) -> MailRecord:
    if not policy.can_close(actor, record):
        raise PermissionDenied("Only the current handler or the head may close this record.")
    record = MailRecord.objects.select_for_update().get(pk=record.pk)
    now = timezone.now()
    record.assignments.filter(state=Assignment.State.ACTIVE).update(
        state=Assignment.State.DONE, ended_at=now
    )
    record.completion_date = completion_date or timezone.localdate()
    if remarks:
        record.current_action_remarks = remarks
    _set_stage(record, Status.CLOSED)
    record.save()
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.CLOSE,
        completion_date=str(record.completion_date),
        remarks=remarks,
    )
    return record


@transaction.atomic
def record_reopen(*, actor, record: MailRecord, reason: str) -> MailRecord:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is reopened."})
    if not policy.can_reopen(actor, record):
        raise PermissionDenied("Only the head may reopen a closed record.")
    record.completion_date = None
    # Whoever held the record when it was closed holds it again.
    record.assignments.filter(state=Assignment.State.DONE).update(
        state=Assignment.State.ACTIVE, ended_at=None
    )
    _set_stage(record, Status.IN_PROGRESS)
    record.save()
    audit_event_record(
        record=record, actor=actor, action=AuditEvent.Action.REOPEN, reason=reason.strip()
    )
    return record


def assignments_rescope(*, user) -> int:
    """Recompute ``outside_scope`` for all of a user's assignments after their scope changed
    (moved to another subsection, new managed sections...), so they keep seeing what they hold."""
    condition = scope_condition(user)
    assignments = Assignment.objects.filter(assignee=user)
    if condition is None:
        return assignments.update(outside_scope=False)
    in_scope_ids = MailRecord.objects.filter(condition).values("pk")
    return assignments.update(
        outside_scope=Case(When(record_id__in=in_scope_ids, then=False), default=True)
    )
