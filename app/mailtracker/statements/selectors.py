"""The pendency statement a section sends up every month: for a period, by section and by
officer, what was received, what was disposed of, what is pending at the period's end (and of
that, what is overdue), and how long each hop took — a hop being one person's turn with a
letter, from being given it to passing it on, finishing their part, or the closing.

Scoped like every list: only records the user may see (``records_visible_to``) count.

Definitions (dates in the office's time zone; the period's days are inclusive; "as of" is the
period's last day, or today if that is earlier):
- by section (the record's section): *received* = received in the period; *disposed* =
  completed in the period; *pending* = received by "as of" and not completed by then;
  *overdue* = pending and due before "as of".
- by officer (each hop's holder): *received* = hops given to them in the period; *disposed* =
  hops they ended in the period (passed on, part done, closed; not revoked); *pending* = hops
  they held at the end of "as of"; *overdue* = those on records due before "as of".
- *days per hop*: for every hop that overlaps the period, from being given the letter to its
  end (or the end of "as of" for hops still held), average and longest, per section of the
  record and per holder.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from mailtracker.org.models import Section
from mailtracker.records.models import Assignment, Status
from mailtracker.records.selectors import OPEN, hop_visibility, records_visible_to

State = Assignment.State
DISPOSED_STATES = [State.REASSIGNED, State.DONE, State.CLOSED]
DAY = 86400


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def as_of(self) -> date:
        return min(self.end, timezone.localdate())

    def start_at(self) -> datetime:
        return _midnight(self.start)

    def as_of_end(self) -> datetime:
        """The first moment after "as of": hops still held are counted up to it."""
        return _midnight(self.as_of + timedelta(days=1))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Row:
    """One line of the statement."""

    key: int | None
    name: str
    received: int = 0
    disposed: int = 0
    pending: int = 0
    overdue: int = 0
    hops: int = 0
    average_days: float | None = None
    longest_days: float | None = None
    detail: str = ""


@dataclass
class Statement:
    period: Period
    by_section: list[Row] = field(default_factory=list)
    by_officer: list[Row] = field(default_factory=list)

    @property
    def section_total(self) -> Row:
        return _total(self.by_section)

    @property
    def officer_total(self) -> Row:
        return _total(self.by_officer)


def _total(rows: list[Row]) -> Row:
    total = Row(key=None, name="")
    for row in rows:
        for name in ("received", "disposed", "pending", "overdue", "hops"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    weighted = [(row.average_days, row.hops) for row in rows if row.average_days is not None]
    if total.hops:
        total.average_days = sum(days * hops for days, hops in weighted) / total.hops
    longest = [row.longest_days for row in rows if row.longest_days is not None]
    total.longest_days = max(longest) if longest else None
    return total


def statement_for(user, *, period: Period) -> Statement:
    records = records_visible_to(user)
    sections = _section_counts(records, period)
    hops = _hop_figures(user, period)
    statement = Statement(period=period)
    statement.by_section = _section_rows(sections, _merged(hops, "section_id"))
    statement.by_officer = _officer_rows(_merged(hops, "assignee_id"))
    return statement


def _section_counts(records, period: Period) -> dict[int, dict]:
    """Four counts by section, each read from one index alone (records.models FIGURES)."""
    as_of, in_period = period.as_of, (period.start, period.end)
    late = {"overdue": Count("pk", filter=Q(due_date__lt=as_of))}
    closed_since = Q(status=Status.CLOSED, completion_date__gt=as_of)
    parts = [
        _by_section(records.filter(received_date__range=in_period), received=Count("pk")),
        _by_section(records.filter(completion_date__range=in_period), disposed=Count("pk")),
        # Pending: received by "as of" and not completed by then. Two parts that do not
        # overlap: still open (closing sets the completion date, reopening clears it), or
        # closed since.
        _by_section(records.filter(OPEN, received_date__lte=as_of), pending=Count("pk"), **late),
        _by_section(
            records.filter(closed_since, received_date__lte=as_of),
            pending=Count("pk"), **late,
        ),
    ]  # fmt: skip
    counts = {}
    for part in parts:
        for section_id, figures in part.items():
            into = counts.setdefault(section_id, dict.fromkeys(SECTION_FIGURES, 0))
            for name, value in figures.items():
                into[name] += value
    return counts


SECTION_FIGURES = ("received", "disposed", "pending", "overdue")


def _by_section(records, **counts) -> dict[int, dict]:
    rows = records.order_by().values("section_id").annotate(**counts)
    return {row.pop("section_id"): row for row in rows}


def _hop_figures(user, period: Period) -> list[dict]:
    """One pass over the hops on visible records that overlap the period, grouped by the
    record's section and the holder: both halves of the statement add these up. The record's
    section and due date are the copies each hop carries: no join."""
    end, when = period.as_of_end(), DateTimeField()
    start, end_next = period.start_at(), _midnight(period.end + timedelta(days=1))
    held_at_end = Q(ended_at__isnull=True, state=State.ACTIVE) | Q(ended_at__gte=end)
    length = ExpressionWrapper(
        Least(Coalesce("ended_at", Value(end, output_field=when)), Value(end, output_field=when))
        - F("assigned_at"),
        output_field=DurationField(),
    )
    overlapping = Assignment.objects.filter(
        Q(ended_at__isnull=True, state=State.ACTIVE) | Q(ended_at__gte=start),
        assigned_at__lt=end,
    )
    visible = hop_visibility(user)
    if visible is not None:
        overlapping = overlapping.filter(visible)
    return list(
        overlapping.order_by()
        .values("assignee_id", section_id=F("record_section_id"))
        .annotate(
            received=Count("pk", filter=Q(assigned_at__gte=start, assigned_at__lt=end_next)),
            disposed=Count(
                "pk",
                filter=Q(state__in=DISPOSED_STATES, ended_at__gte=start, ended_at__lt=end_next),
            ),
            pending=Count("pk", filter=held_at_end),
            overdue=Count("pk", filter=held_at_end & Q(record_due_date__lt=period.as_of)),
            hops=Count("pk"),
            total=Sum(length),
            longest=Max(length),
        )
    )


FIGURES = ("received", "disposed", "pending", "overdue", "hops")


def _merged(rows: list[dict], key: str) -> dict[int, dict]:
    """The hop figures added up by one key (the section, or the holder)."""
    merged = {}
    for row in rows:
        into = merged.setdefault(
            row[key], {**dict.fromkeys(FIGURES, 0), "total": timedelta(0), "longest": None}
        )
        for name in FIGURES:
            into[name] += row[name]
        into["total"] += row["total"] or timedelta(0)
        into["longest"] = max(filter(None, [into["longest"], row["longest"]]), default=None)
    return merged


def _add_hops(row: Row, figures: dict | None) -> None:
    if not figures or not figures["hops"]:
        return
    row.hops = figures["hops"]
    row.average_days = _days(figures["total"] / figures["hops"])
    row.longest_days = _days(figures["longest"])


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else max(duration.total_seconds(), 0) / DAY


def _section_rows(counts: dict[int, dict], hops: dict[int, dict]) -> list[Row]:
    keys = counts.keys() | hops.keys()
    names = dict(Section.objects.filter(pk__in=keys).values_list("pk", "name"))
    rows = []
    for key in sorted(keys, key=lambda pk: (names.get(pk, ""), pk)):
        row = Row(key=key, name=names.get(key, ""), **counts.get(key, {}))
        _add_hops(row, hops.get(key))
        rows.append(row)
    return rows


def _officer_rows(figures: dict[int, dict]) -> list[Row]:
    people = get_user_model().objects.in_bulk(list(figures))
    rows = []
    for pk, person_figures in figures.items():
        person = people[pk]
        row = Row(
            key=pk,
            name=person.display_name,
            detail=person.title,
            **{name: person_figures[name] for name in FIGURES if name != "hops"},
        )
        _add_hops(row, person_figures)
        rows.append(row)
    return sorted(rows, key=lambda row: (row.name.casefold(), row.key))
