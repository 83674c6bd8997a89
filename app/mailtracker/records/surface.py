"""Every list a user can open, as `make bench` measures it: generated from the code, so that a
filter, a sort or a role is measured the day it lands.

The surface is: for each list (the API's records, the register page) and each role, every value
of every filter of ``RecordFilter`` with every sort of ``records.sorts``, every pair of filters
(each with its first value), and a jump to a date in each sort; and the dashboard, with its
queues, per role. Values are derived from the filter's kind (each choice, true and false, a
date); a filter whose values cannot be derived needs an entry in ``SAMPLES``, or the surface
cannot be built and the test of it fails.

Values are symbolic here (``30 days ago``, ``own``, ``serial``), so a case keeps its name from
run to run; ``list_surface`` resolves them for the bench's users on the bench's register."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations
from urllib.parse import urlencode

import django_filters
from django.utils import timezone

from mailtracker.accounts.roles import Role
from mailtracker.demo.register import RARE_WORD, WORDS
from mailtracker.org.models import Subsection
from mailtracker.records.filters import RecordFilter
from mailtracker.records.selectors import records_visible_to, subsections_creatable_by
from mailtracker.records.sorts import DEFAULT_SORT, SORTS

LISTS = {"api": "/api/records/", "register": "/records/"}
DASHBOARD = "/"
# Values of the filters whose values cannot be derived from their kind. ``in_documents`` only
# means something with words to search for.
SAMPLES: dict[str, list[tuple[tuple[str, str], ...]]] = {
    "q": [
        (("q", "serial"),),
        (("q", WORDS[0]),),  # a word of subjects and of document text
        (("q", "L/12345"),),  # part of a letter number
        (("q", RARE_WORD),),  # a word in the documents of one record in fifty
    ],
    "in_documents": [(("q", RARE_WORD), ("in_documents", "true"))],
}
RECENT, LAST_YEAR, A_MONTH_EARLIER = "30 days ago", "365 days ago", "395 days ago"
DATE_SAMPLE = {"gte": RECENT, "lte": RECENT}


class SurfaceError(Exception):
    """A filter the bench cannot measure: its values are neither derivable nor sampled."""


@dataclass(frozen=True)
class Case:
    list: str  # "api", "register" or "dashboard"
    role: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.query) or "-"
        return f"{self.list} | {self.role} | {query}"


def filter_values(name: str, filter_) -> list[tuple[tuple[str, str], ...]]:
    """The query parameters that exercise one filter, each value on its own."""
    if name in SAMPLES:
        return SAMPLES[name]
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return [((name, "own"),)]
    if isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        return [((name, str(value)),) for value, _ in filter_.extra["choices"] if value != ""]
    if isinstance(filter_, django_filters.BooleanFilter):
        return [((name, "true"),), ((name, "false"),)]
    if isinstance(filter_, django_filters.DateFilter) and filter_.lookup_expr in DATE_SAMPLE:
        return [((name, DATE_SAMPLE[filter_.lookup_expr]),)]
    raise SurfaceError(
        f"The bench cannot measure the filter {name!r} ({type(filter_).__name__}): give it "
        "sample values in records.surface.SAMPLES."
    )


def filters() -> dict[str, list[tuple[tuple[str, str], ...]]]:
    """Every filter of the lists but the sort, with its values."""
    return {
        name: filter_values(name, filter_)
        for name, filter_ in RecordFilter.base_filters.items()
        if name != "sort"
    }


def date_ranges() -> list[tuple[tuple[str, str], ...]]:
    """A month a year back on each date that has both bounds: how a letter of last year is
    looked for."""
    names = set(RecordFilter.base_filters)
    return [
        ((f"{field}_after", A_MONTH_EARLIER), (f"{field}_before", LAST_YEAR))
        for field in sorted({name.rsplit("_", 1)[0] for name in names if name.endswith("_after")})
        if f"{field}_before" in names
    ]


def queries() -> list[tuple[tuple[str, str], ...]]:
    """The query strings of one list for one role: no filter and each filter value with each
    sort; each pair of filters and each date range with the default sort; a jump to a date in
    each sort."""
    by_filter = filters()
    singles = [()] + [value for values in by_filter.values() for value in values]
    with_sorts = [(*query, ("sort", sort)) for query in singles for sort in SORTS]
    pairs = [
        (*by_filter[first][0], *by_filter[second][0])
        for first, second in combinations(by_filter, 2)
        if not {key for key, _ in by_filter[first][0]} & {key for key, _ in by_filter[second][0]}
    ]
    defaults = [(*query, ("sort", DEFAULT_SORT)) for query in [*pairs, *date_ranges()]]
    jumps = [(("sort", sort), ("go_to_date", LAST_YEAR)) for sort in SORTS]
    return with_sorts + defaults + jumps


def cases() -> list[Case]:
    """The whole surface, in a stable order."""
    listed = [
        Case(list_, role, query) for list_ in LISTS for role in Role.values for query in queries()
    ]
    return listed + [Case("dashboard", role) for role in Role.values]


def resolve(case: Case, user) -> str:
    """The path and query string of a case for this user, on this database's register."""
    if case.list == "dashboard":
        return DASHBOARD
    query = urlencode([(key, _value(key, value, user)) for key, value in case.query])
    return f"{LISTS[case.list]}?{query}" if query else LISTS[case.list]


def _value(key: str, value: str, user) -> str:
    if value.endswith(" days ago"):
        return (timezone.localdate() - timedelta(days=int(value.split()[0]))).isoformat()
    if value == "own":
        subsection = _own_subsection(user)
        return str(subsection.section_id if key == "section" else subsection.pk)
    if value == "serial":
        return _middle_record(user).serial
    return value


def _own_subsection(user) -> Subsection:
    """A subsection in the user's scope (the first one; any one for the head)."""
    return subsections_creatable_by(user).order_by("pk").first()


def _middle_record(user):
    """A record half-way down the user's list, newest first."""
    visible = records_visible_to(user)
    newest = visible.order_by("-pk").values_list("pk", flat=True).first() or 0
    return visible.filter(pk__lte=newest // 2).order_by("-pk").first() or visible.first()
