"""Reads of mail records. ``records_visible_to`` is the one place that decides what a user may
see; the API, the UI, exports and PDF delivery all start from it."""

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from mailtracker.accounts.roles import Role
from mailtracker.attachments.models import PdfAttachment
from mailtracker.org.models import Subsection
from mailtracker.records.models import Assignment, MailRecord, Status
from mailtracker.records.policy import is_head
from mailtracker.records.scope import scope_condition


def records_visible_to(user) -> QuerySet[MailRecord]:
    """Records in the user's scope, plus any record outside it the user has been assigned."""
    if not user.is_authenticated or not user.is_active:
        return MailRecord.objects.none()
    condition = scope_condition(user)
    if condition is None:
        return MailRecord.objects.all()
    # Usually empty: then the filter is the scope alone, a single index range per list page.
    assigned_outside = list(
        Assignment.objects.filter(assignee=user, outside_scope=True).values_list(
            "record_id", flat=True
        )
    )
    if assigned_outside:
        condition |= Q(pk__in=assigned_outside)
    return MailRecord.objects.filter(condition)


def record_list(user) -> QuerySet[MailRecord]:
    """Visible records with what list pages show, without a query per row."""
    has_pdf = PdfAttachment.objects.filter(record=OuterRef("pk"))
    return (
        records_visible_to(user)
        .select_related("section", "subsection", "current_handler", "created_by")
        .annotate(has_pdf=Exists(has_pdf))
    )


def record_get_visible(user, pk, *, records=None) -> MailRecord:
    """The record if the user may see it; otherwise 404, so a record's existence is not leaked."""
    try:
        return (records if records is not None else record_list(user)).get(pk=pk)
    except (MailRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None


def record_for_documents(user, pk) -> MailRecord:
    """The visible record alone, without what list pages join in: PDF delivery is a hot path."""
    return record_get_visible(user, pk, records=records_visible_to(user))


def record_detail(user, pk) -> MailRecord:
    """A visible record with its assignments (and their remarks) and attachments loaded."""
    record = record_get_visible(user, pk)
    record.assignment_list = list(
        record.assignments.select_related("assignee", "assigned_by", "parent").prefetch_related(
            "remarks__author"
        )
    )
    return record


def assignment_get_visible(user, pk) -> Assignment:
    visible = records_visible_to(user).values("pk")
    try:
        return Assignment.objects.select_related("record", "assignee").get(
            pk=pk, record__in=visible
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assignment.") from None


def subsections_creatable_by(user) -> QuerySet[Subsection]:
    """Subsections in which the user may register mail."""
    subsections = Subsection.objects.select_related("section")
    if is_head(user):
        return subsections
    if user.role == Role.SECTION_HEAD:
        return subsections.filter(section__in=user.managed_sections.values("pk"))
    if user.role == Role.AUDITOR:
        return subsections.filter(pk__in=user.audited_subsections.values("pk"))
    return subsections.filter(pk=user.subsection_id)


def records_held_by(user) -> QuerySet[MailRecord]:
    """Open records the user holds an active assignment on: their queue, overdue first, then by
    due date (undated last), then the longest held."""
    held = Assignment.objects.filter(assignee=user, state=Assignment.State.ACTIVE)
    today = timezone.localdate()
    return (
        record_list(user)
        .filter(pk__in=held.values("record_id"))
        .exclude(status=Status.CLOSED)
        .annotate(overdue_first=Case(When(due_date__lt=today, then=0), default=1))
        .order_by("overdue_first", F("due_date").asc(nulls_last=True), "stage_since")
    )


def record_status_counts(user) -> dict[str, int]:
    """How many visible records are in each status (every status present, zero included)."""
    rows = records_visible_to(user).order_by().values("status").annotate(count=Count("pk"))
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def records_held_longest(user, *, limit: int = 10) -> QuerySet[MailRecord]:
    """Open visible records that have waited longest in their current stage, with the holder."""
    return record_list(user).exclude(status=Status.CLOSED).order_by("stage_since", "id")[:limit]
