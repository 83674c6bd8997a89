"""The orders a list of records can be read in. Each order is a keyset: one value per record
that is unique and that an index walks in order, so that a page (the first, the thousandth, or
the one a jump to a date lands on) reads its own rows and no others. DRF's CursorPagination
pages on the first field of ``ordering``; the register and the API share it
(``records.pagination``)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import (
    BigIntegerField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailtracker.records.keys import BIGINT_MAX, day_then_id
from mailtracker.records.models import DUE_KEY, RECEIVED_KEY, MailRecord


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _first_registered_from(day: date) -> int | None:
    """The id of the first record registered on or after ``day`` (ids follow registration)."""
    records = MailRecord.objects.filter(created_at__gte=_start_of(day)).order_by("created_at")
    return records.values_list("pk", flat=True).first()


def _newest_from(day: date) -> int | None:
    """Newest first, from the records registered on ``day`` back."""
    return _first_registered_from(day + timedelta(days=1))


def _oldest_from(day: date) -> int:
    """Oldest first, from the records registered on ``day`` on: the cursor lies just before
    the first of them, or past the last record when none is that new."""
    first = _first_registered_from(day)
    return BIGINT_MAX if first is None else first - 1


@dataclass(frozen=True)
class Sort:
    label: str
    # DRF's cursor ordering: the first field is the position a cursor holds.
    ordering: tuple[str, ...]
    # Keys the ordering names that are not columns.
    keys: dict[str, Func]
    # The cursor position where the list reaches a date (None: at its start).
    position_at: Callable[[date], int | datetime | None]
    # The links to the page before and after, in this order's words.
    back: str
    forward: str
    # Every position of this order is an integer (else a date and time).
    integer_positions: bool = True
    # The date whose bounds (records.filters) are bounds on the first key too: a list in this
    # order, filtered by that date, starts its index walk at the bound.
    date: str | None = None

    def apply(self, records):
        return records.annotate(**self.keys).order_by(*self.ordering)

    @property
    def by_id(self) -> bool:
        """Ordered by id: the order of the (section, id) and (subsection, id) indexes too."""
        return self.ordering[0].lstrip("-") == "id"

    def among_first(
        self, records: QuerySet[MailRecord], count: int, *, walked: list[QuerySet] | None = None
    ) -> QuerySet[MailRecord]:
        """Those of ``records`` that are among the first ``count`` of ``walked`` (parts of the
        register, each on its own index; by default the whole register) in this order: where a
        list's walk along this order's index starts."""
        if walked:
            # The walked places' own conditions beside the records': an officer's records are
            # "their subsection or one of those they held elsewhere", and with that OR alone
            # PostgreSQL reaches the first 2,000 of their subsection along the primary key,
            # past 48,000 of the register (22 ms at a million records), not along the
            # (subsection, id) index.
            records = records & reduce(or_, walked)
        name = self.ordering[0].lstrip("-")
        last = self._value_at(walked or [MailRecord.objects.all()], name, count)
        if last is None:
            return records
        bound = f"{name}__gte" if self.ordering[0].startswith("-") else f"{name}__lte"
        return records.alias(**self.keys).filter(**{bound: last})

    def _value_at(self, parts: list[QuerySet], name: str, count: int):
        """The ``name`` of the ``count``-th record of ``parts`` merged in this order (None when
        they hold fewer)."""
        if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
            # The first ``count`` of each part along its own index, merged: PostgreSQL cannot
            # walk two subsections along one index in id order, and walks the primary key past
            # everybody's records instead (an auditor of two subsections at a million records:
            # 11.3 ms for their 2,000th newest; merged, 0.8 ms).
            first, *others = (self._walk(part, name)[:count] for part in parts)
            walk = first.union(*others, all=True).order_by(self.ordering[0])
        else:
            walk = self._walk(reduce(or_, parts), name)
        return next(iter(walk[count - 1 : count]), None)

    def _walk(self, records: QuerySet, name: str) -> QuerySet:
        return self.apply(records).values_list(name, flat=True)

    def unindexed(self) -> "Sort":
        """The same order and positions on a first key no index has, so PostgreSQL sorts the
        records the filters chose instead of walking the sort's index. For a list narrowed to
        a few records by a window of dates that lies far down this order (received last month,
        oldest first): the walk would pass every record before the window first."""
        first, *rest = self.ordering
        name = first.lstrip("-")
        key = self.keys.get(name, F(name))
        unindexed = f"{name}_unindexed"
        # The type said outright: Django types bigint + 0 as a 32-bit integer, and then drops a
        # cursor's "less than 2**50" from the query as always true.
        if self.integer_positions:
            same = ExpressionWrapper(key + Value(0), output_field=BigIntegerField())
        else:
            same = ExpressionWrapper(key + Value(timedelta(0)), output_field=DateTimeField())
        return replace(
            self,
            ordering=(first.replace(name, unindexed), *rest),
            keys={**self.keys, unindexed: same},
        )


SORTS = {
    "newest": Sort(
        _("Newest first"), ("-id",), {}, _newest_from, back=_("Newer"), forward=_("Older")
    ),
    "oldest": Sort(
        _("Oldest first"), ("id",), {}, _oldest_from, back=_("Older"), forward=_("Newer")
    ),
    "due": Sort(
        _("Due date"),
        ("due_key",),
        {"due_key": DUE_KEY},
        lambda day: day_then_id(day, 0) - 1,
        back=_("Due sooner"),
        forward=_("Due later"),
        date="due_date",
    ),
    "received": Sort(
        _("Date received"),
        ("-received_key",),
        {"received_key": RECEIVED_KEY},
        lambda day: day_then_id(day + timedelta(days=1), 0),
        back=_("Received later"),
        forward=_("Received earlier"),
        date="received_date",
    ),
    # Times in a stage hardly repeat: the cursor holds the time and DRF's offset separates the
    # few records that entered their stage at the same instant.
    "waiting": Sort(
        _("Longest in stage"),
        ("stage_since", "id"),
        {},
        _start_of,
        back=_("Waiting longer"),
        forward=_("Waiting less long"),
        integer_positions=False,
    ),
}
DEFAULT_SORT = "newest"


def sort_named(name: str | None) -> Sort:
    """The sort of that name, or the default one for a missing or unknown name (the filter
    form reports an unknown one)."""
    return SORTS.get(name or DEFAULT_SORT, SORTS[DEFAULT_SORT])
