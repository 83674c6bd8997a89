"""Every write to mail records. Each service checks the policy, changes the rows and appends the
audit event in one transaction; the API and the UI call these and nothing else."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mailtracker.accounts.selectors import candidates_for, head_of_office, section_heads_of
from mailtracker.audit.models import AuditEvent
from mailtracker.audit.services import audit_event_record
from mailtracker.notifications.models import Notification
from mailtracker.notifications.services import notifications_send
from mailtracker.records import policy
from mailtracker.records.models import (
    Assignment,
    MailRecord,
    Remark,
    SerialCounter,
    Status,
    StatusCount,
)
from mailtracker.records.scope import in_scope, scope_condition

ACTIVE = Assignment.State.ACTIVE
Told = Notification.Kind
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


def _validate_dates(
    *, letter_date: date | None, received_date: date, due_date: date | None
) -> None:
    """Rule 3: nothing received in the future; a letter is not dated after its arrival."""
    errors = {}
    if received_date > timezone.localdate():
        errors["received_date"] = _("The received date cannot be in the future.")
    if letter_date is not None and letter_date > received_date:
        errors["letter_date"] = _("The letter cannot be dated after the day it was received.")
    if due_date is not None and due_date < received_date:
        errors["due_date"] = _("The due date cannot be before the day the letter was received.")
    if errors:
        raise ValidationError(errors)


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _set_stage(record: MailRecord, status: str) -> None:
    if record.status != status:
        record.status = status
        record.stage_since = timezone.now()


def _check_candidates(actor, people, field: str) -> None:
    """Rule 6: work goes only to the actor's candidates; anyone else is refused by name."""
    allowed = set(
        candidates_for(actor).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    refused = [person.display_name for person in people if person.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                field: _("You may not give work to %(people)s (not among your candidates).")
                % {"people": ", ".join(refused)}
            }
        )


def _check_not_holding(record: MailRecord, people, field: str = "assignees") -> None:
    busy = record.assignments.filter(assignee__in=people, state=ACTIVE).values_list(
        "assignee__username", flat=True
    )
    if busy:
        raise ValidationError(
            {
                field: _("Already holding this record: %(people)s.")
                % {"people": ", ".join(sorted(busy))}
            }
        )


def default_monitoring_officer(section_id: int):
    """Rule 4: a section head of the record's section, or the head where it has none."""
    return section_heads_of(section_id).first() or head_of_office()


def _check_monitoring_officer(actor, record: MailRecord, person) -> None:
    if not policy.can_change_monitoring(actor, record):
        raise ValidationError(
            {"monitoring_officer": _("Only the head or the section head choose who monitors.")}
        )
    if person is not None:
        _check_candidates(actor, [person], "monitoring_officer")


def _unique(people) -> list:
    return list(dict.fromkeys(people))  # the same person twice is one assignment


@transaction.atomic
def record_create(
    *,
    actor,
    subsection,
    assignees,
    letter_number: str,
    received_date: date,
    subject: str,
    from_office: str,
    letter_date: date | None = None,
    action_required: str = "",
    initial_instructions: str = "",
    due_date: date | None = None,
    monitoring_officer=None,
    instructions: str = "",
) -> MailRecord:
    """Register a letter and give it to the people who will act on it (rules 1-4): it starts
    Assigned, held by them."""
    if not policy.can_create_in(actor, subsection):
        raise PermissionDenied(_("You may not register mail in this subsection."))
    _validate_dates(letter_date=letter_date, received_date=received_date, due_date=due_date)
    assignees = _unique(assignees)
    if not assignees:
        raise ValidationError({"assignees": _("Choose at least one person to act on the letter.")})
    _check_candidates(actor, assignees, "assignees")
    record = MailRecord(
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
        created_by=actor,
        status=Status.ASSIGNED,
    )
    if monitoring_officer is not None:
        _check_monitoring_officer(actor, record, monitoring_officer)
    record.monitoring_officer = monitoring_officer or default_monitoring_officer(
        subsection.section_id
    )
    record.full_clean(exclude=["serial"])
    # Rule 3: the year of registration in the office's time zone, not the year on the letter.
    record.serial = _next_serial(timezone.localdate().year)
    record.save()
    audit_event_record(
        record=record, actor=actor, action=AuditEvent.Action.CREATE, serial=record.serial
    )
    _open_assignments(actor, record, assignees, instructions)
    return record


def _open_assignments(actor, record: MailRecord, people, instructions: str) -> list:
    created = [
        Assignment.objects.create(
            record=record,
            assignee=person,
            assigned_by=actor,
            instructions=instructions,
            outside_scope=not in_scope(person, record),
        )
        for person in people
    ]
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.ASSIGN,
        assignees=[person.username for person in people],
        instructions=instructions,
    )
    notifications_send(
        kind=Told.ASSIGNED, people=people, record=record, actor=actor, remark=instructions
    )
    return created


@transaction.atomic
def record_update(*, actor, record: MailRecord, changes: dict) -> MailRecord:
    """Correct registered details. Only the fields in EDITABLE_FIELDS may change."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if not policy.can_edit(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    if (
        "monitoring_officer" in changes
        and changes["monitoring_officer"] != record.monitoring_officer
    ):
        _check_monitoring_officer(actor, record, changes["monitoring_officer"])
    before = {name: getattr(record, name) for name in changes}
    for name, value in changes.items():
        setattr(record, name, value)
    changed = {
        name: {"from": str(before[name]), "to": str(value)}
        for name, value in changes.items()
        if before[name] != value
    }
    if "received_date" in changed or "letter_date" in changed or "due_date" in changed:
        _validate_dates(
            letter_date=record.letter_date,
            received_date=record.received_date,
            due_date=record.due_date,
        )
    record.full_clean()
    record.save()
    if changed:
        audit_event_record(
            record=record, actor=actor, action=AuditEvent.Action.UPDATE, changes=changed
        )
    return record


@transaction.atomic
def record_assign(*, actor, record: MailRecord, assignees, instructions: str = "") -> list:
    """Rule 8: give the record to one or more people in parallel."""
    if not policy.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    assignees = _unique(assignees)
    if not assignees:
        raise ValidationError({"assignees": _("Choose at least one person.")})
    _check_candidates(actor, assignees, "assignees")
    _check_not_holding(record, assignees)
    created = _open_assignments(actor, record, assignees, instructions)
    record.stage_since = timezone.now()
    if record.status == Status.CREATED:
        record.status = Status.ASSIGNED
    record.save(update_fields=["stage_since", "status", "updated_at"])
    return created


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("record").get(pk=assignment.pk)


def _end(assignment: Assignment, *, state: str, actor, remark: str = "") -> None:
    assignment.state, assignment.ended_at = state, timezone.now()
    assignment.ended_by, assignment.end_remark = actor, remark
    assignment.save(update_fields=["state", "ended_at", "ended_by", "end_remark"])


@transaction.atomic
def assignment_reassign(
    *, actor, assignment: Assignment, assignee, remark: str, instructions: str = ""
) -> Assignment:
    """Rule 7: pass an assignment on with a remark. It ends, a successor in the same chain
    begins, and the record is In progress."""
    assignment = _locked(assignment)
    if not policy.can_reassign(actor, assignment):
        raise PermissionDenied(_("You may not pass this assignment on."))
    remark = _required(remark, "remark", _("Say why you pass it on (a remark is required)."))
    record = assignment.record
    _check_candidates(actor, [assignee], "assignee")
    _check_not_holding(record, [assignee], "assignee")
    _end(assignment, state=Assignment.State.REASSIGNED, actor=actor, remark=remark)
    successor = Assignment.objects.create(
        record=record,
        assignee=assignee,
        assigned_by=actor,
        parent=assignment,
        instructions=instructions,
        outside_scope=not in_scope(assignee, record),
    )
    record.stage_since = timezone.now()
    record.status = Status.IN_PROGRESS
    record.save(update_fields=["stage_since", "status", "updated_at"])
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.REASSIGN,
        from_user=assignment.assignee.username,
        to_user=assignee.username,
        remark=remark,
        instructions=instructions,
    )
    back = assignee.pk in _chain_people(assignment)
    notifications_send(
        kind=Told.RETURNED if back else Told.PASSED,
        people=[assignee],
        record=record,
        actor=actor,
        remark=remark,
    )
    return successor


def _chain_people(assignment: Assignment) -> set[int]:
    """Everyone who held a step of this chain or gave it: work passed to one of them comes
    back ("returned to you")."""
    people, step = set(), assignment
    while step is not None:
        people |= {step.assignee_id, step.assigned_by_id}
        step = step.parent  # a query per step; chains are a few steps long
    return people


def _refuse_if_last(assignment: Assignment) -> None:
    """Rule 2: a letter never sits with nobody holding it."""
    others = assignment.record.assignments.filter(state=ACTIVE).exclude(pk=assignment.pk)
    if not others.exists():
        raise ValidationError(
            {
                "detail": _(
                    "This is the only active assignment, so ending it would leave the "
                    "letter with nobody holding it: close the record or pass it on instead."
                )
            }
        )


def _end_part(
    assignment: Assignment, *, actor, may, refusal: str, state: str, action: str, said: tuple
) -> Assignment:
    """End one holder's part (done or revoked), saying why; never the last active one.
    ``said`` is (field name, text, message if blank)."""
    assignment = _locked(assignment)
    if not may(actor, assignment):
        raise PermissionDenied(refusal)
    field, text, missing = said
    text = _required(text, field, missing)
    _refuse_if_last(assignment)
    _end(assignment, state=state, actor=actor, remark=text)
    audit_event_record(
        record=assignment.record,
        actor=actor,
        action=action,
        assignment=assignment.pk,
        user=assignment.assignee.username,
        **{field: text},
    )
    if state == Assignment.State.REVOKED:
        notifications_send(
            kind=Told.REVOKED,
            people=[assignment.assignee],
            record=assignment.record,
            actor=actor,
            reason=text,
        )
    return assignment


@transaction.atomic
def assignment_mark_done(*, actor, assignment: Assignment, remark: str) -> Assignment:
    """Rule 8: the holder's part is done; the others go on holding the record."""
    return _end_part(
        assignment,
        actor=actor,
        may=policy.can_mark_done,
        refusal=_("Only the person holding this assignment can mark it done."),
        state=Assignment.State.DONE,
        action=AuditEvent.Action.PART_DONE,
        said=("remark", remark, _("Say what was done (a remark is required).")),
    )


@transaction.atomic
def assignment_revoke(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """Rule 8: the assigner (or the head) takes an assignment back, saying why."""
    return _end_part(
        assignment,
        actor=actor,
        may=policy.can_revoke,
        refusal=_("Only the person who made this assignment, or the head, revokes it."),
        state=Assignment.State.REVOKED,
        action=AuditEvent.Action.REVOKE,
        said=("reason", reason, _("Say why the assignment is revoked.")),
    )


@transaction.atomic
def remark_add(*, actor, assignment: Assignment, text: str) -> Remark:
    text = _required(text, "text", _("A remark cannot be empty."))
    if not policy.can_remark(actor, assignment):
        raise PermissionDenied(_("You may not add remarks to this assignment."))
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
    """Rule 9: say what is being done now (from the office's vocabulary); the record moves to
    In progress."""
    action_status = _required(action_status, "action_status", _("Say what the current action is."))
    if action_status not in settings.ACTION_STATUSES:
        choices = ", ".join(settings.ACTION_STATUSES)
        raise ValidationError(
            {"action_status": _("Choose one of: %(choices)s.") % {"choices": choices}}
        )
    if not policy.can_update_action(actor, record):
        raise PermissionDenied(_("Only a holder of the record may update the action."))
    record.current_action_status = action_status
    record.current_action_remarks = remarks.strip()
    previous_status = record.status
    _set_stage(record, Status.IN_PROGRESS)
    record.full_clean()
    record.save()
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.ACTION_UPDATE,
        action_status=record.current_action_status,
        remarks=record.current_action_remarks,
        status_from=previous_status,
        status_to=record.status,
    )
    return record


def _describe_parts(assignments) -> str:
    return "; ".join(
        _("%(name)s (holding since %(date)s)")
        % {
            "name": a.assignee.display_name,
            "date": date_format(timezone.localtime(a.assigned_at), "j M Y"),
        }
        for a in assignments
    )


@transaction.atomic
def record_close(
    *,
    actor,
    record: MailRecord,
    remarks: str,
    completion_date: date | None = None,
    end_open_parts: bool = False,
) -> MailRecord:
    """Rule 10: close with a remark (an event in the history). While others hold parts, the
    closer must have seen them: ``end_open_parts`` confirms ending them."""
    remarks = _required(remarks, "remarks", _("Say how the letter was dealt with (a remark)."))
    record = MailRecord.objects.select_for_update().get(pk=record.pk)
    if not policy.can_close(actor, record):
        raise PermissionDenied(
            _(
                "Only the sole holder, or the head or section head who made the assignments, "
                "may close this record."
            )
        )
    others = policy.others_holding(actor, record)
    if others and not end_open_parts:
        parts = _describe_parts(others)
        raise ValidationError(
            {
                "end_open_parts": _("Still held by %(parts)s: confirm ending their parts.")
                % {"parts": parts}
            }
        )
    completion_date = completion_date or timezone.localdate()
    if completion_date > timezone.localdate() or completion_date < record.received_date:
        raise ValidationError(
            {"completion_date": _("The completion date lies between receipt and today.")}
        )
    holders = [
        a.assignee for a in record.assignments.filter(state=ACTIVE).select_related("assignee")
    ]
    ended = [person.username for person in holders]
    record.assignments.filter(state=ACTIVE).update(
        state=Assignment.State.CLOSED, ended_at=timezone.now(), ended_by=actor
    )
    record.completion_date = completion_date
    _set_stage(record, Status.CLOSED)
    record.save()
    audit_event_record(
        record=record,
        actor=actor,
        action=AuditEvent.Action.CLOSE,
        completion_date=str(record.completion_date),
        remarks=remarks,
        ended_holders=ended,
    )
    notifications_send(
        kind=Told.CLOSED,
        people=[*holders, record.monitoring_officer],
        record=record,
        actor=actor,
        remark=remarks,
    )
    return record


@transaction.atomic
def record_reopen(*, actor, record: MailRecord, reason: str) -> MailRecord:
    """Rule 11: the head reopens, saying why; whoever held it at closing holds it again."""
    reason = _required(reason, "reason", _("Say why the record is reopened."))
    if record.status != Status.CLOSED:
        raise ValidationError({"detail": _("The record is not closed.")})
    if not policy.can_reopen(actor, record):
        raise PermissionDenied(_("Only the head may reopen a closed record."))
    record.completion_date = None
    again = record.assignments.filter(state=Assignment.State.CLOSED)
    holders = [a.assignee for a in again.select_related("assignee")]
    again.update(state=ACTIVE, ended_at=None, ended_by=None)
    _set_stage(record, Status.IN_PROGRESS)
    record.save()
    audit_event_record(record=record, actor=actor, action=AuditEvent.Action.REOPEN, reason=reason)
    notifications_send(
        kind=Told.REOPENED,
        people=[*holders, record.monitoring_officer],
        record=record,
        actor=actor,
        reason=reason,
    )
    return record


@transaction.atomic
def records_follow_subsection(subsection) -> int:
    """A subsection moved to another section: its records' section becomes the new one (the
    lists test a section through its subsections, records.filters), and whoever holds or
    held them sees them in or outside their scope anew. Returns the records moved."""
    moved = MailRecord.objects.filter(subsection=subsection).exclude(section=subsection.section)
    count = moved.update(section=subsection.section, updated_at=timezone.now())
    # PostgreSQL's trigger moves the counters of the statuses moved; this, those of the others
    # and SQLite's, whose triggers watch the status and subsection only.
    StatusCount.objects.filter(subsection=subsection).update(section=subsection.section)
    holders = Assignment.objects.filter(record__subsection=subsection).values("assignee")
    for person in get_user_model().objects.filter(pk__in=holders):
        assignments_rescope(user=person)
    return count


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
