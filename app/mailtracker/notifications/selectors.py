"""Reads of notifications: a person's list and unread count, and who gets a digest or an
escalation."""

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from mailtracker.accounts.roles import Role
from mailtracker.notifications.models import Notification
from mailtracker.records.models import Assignment, MailRecord, Status


def notifications_of(user) -> QuerySet[Notification]:
    """The person's notifications, newest first, with what the list shows."""
    return Notification.objects.filter(recipient=user).select_related("record", "actor")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def people_with_digest(*, today: date) -> list[tuple]:
    """(person, open records held, of which overdue) for everyone active who wants the digest
    and holds something."""
    counts = (
        Assignment.objects.filter(state=Assignment.State.ACTIVE)
        .exclude(record__status=Status.CLOSED)
        .values("assignee_id")
        .annotate(
            held=Count("record_id", distinct=True),
            overdue=Count("record_id", distinct=True, filter=Q(record__due_date__lt=today)),
        )
    )
    by_person = {row["assignee_id"]: (row["held"], row["overdue"]) for row in counts}
    people = get_user_model().objects.filter(pk__in=by_person, is_active=True, daily_digest=True)
    return [(person, *by_person[person.pk]) for person in people.order_by("pk")]


def records_to_escalate(*, due_before_or_on: date) -> QuerySet[MailRecord]:
    """Open records whose due date is on or before the given day (an index range scan of the
    open records' due dates)."""
    return (
        MailRecord.objects.filter(due_date__lte=due_before_or_on)
        .exclude(status=Status.CLOSED)
        .select_related("monitoring_officer")
        .order_by("due_date", "pk")
    )


def escalation_key(record: MailRecord) -> str:
    """What makes an escalation once per record and due date (a new due date, missed again,
    is escalated again)."""
    return f"escalated:{record.pk}:{record.due_date.isoformat()}"


def escalations_made(records: QuerySet[MailRecord]) -> set[tuple[int, str]]:
    """(recipient id, key) of every escalation already made about these records."""
    made = Notification.objects.filter(
        kind=Notification.Kind.ESCALATED, record__in=records.values("pk")
    )
    return set(made.values_list("recipient_id", "key"))


def section_heads_by_section() -> dict[int, list]:
    heads = defaultdict(list)
    people = get_user_model().objects.filter(is_active=True, role=Role.SECTION_HEAD)
    for person in people.prefetch_related("managed_sections").order_by("pk"):
        for section in person.managed_sections.all():
            heads[section.pk].append(person)
    return heads


def watchers_of_overdue(record: MailRecord, *, heads: dict[int, list]) -> list:
    """Who chases an overdue record: its section's heads and its monitoring officer."""
    people = {person.pk: person for person in heads.get(record.section_id, [])}
    if record.monitoring_officer is not None and record.monitoring_officer.is_active:
        people.setdefault(record.monitoring_officer_id, record.monitoring_officer)
    return list(people.values())


def held_for_digest(user, *, limit: int = 50) -> list[MailRecord]:
    """The open records a person holds, overdue first: what their digest lists."""
    held = Assignment.objects.filter(assignee=user, state=Assignment.State.ACTIVE)
    records = (
        MailRecord.objects.filter(pk__in=held.values("record_id"))
        .exclude(status=Status.CLOSED)
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return list(records[:limit])
