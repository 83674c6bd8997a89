"""A list of records read in parts, each along its own index, as one list.

Someone whose scope is a section or subsection also sees the records outside it that they hold,
held or monitor (``selectors.records_in_parts``). Asked as one condition, "in the scope or one
of these ids", PostgreSQL walks a list's index testing every record passed against the ids, and
judges the ids (a list of 1,649 for an officer at a million records) too costly to test before
a search's words, which are far costlier: an officer's search inside the documents took 13.2
ms as one statement, 2.5 + 5.4 as the scope alone and the ids outside it. So the API and the
register read the scope and the ids outside it as two parts: the filters choose in each alike
(``RecordFilter.filter_queryset``), and the cursor pagination reads both as it reads one
queryset: ordered, past the cursor, sliced, with the first rows of each merged in the sort's
order (``RecordParts`` offers just what ``CursorPagination.paginate_queryset`` asks of a
queryset), so pages, cursors and links are those of one list."""

from operator import attrgetter

from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable

from mailtracker.records.models import MailRecord

# Marks a list that reads the records its filters chose first, then sorts them (read by the
# pagination): a narrow window of dates, a rare search, the few records outside a scope.
READ_CHOSEN_FIRST = "read_chosen_first"
# Marks the part of a list outside the user's scope: a few thousand ids at most.
OUTSIDE_SCOPE = "outside_scope"


class RecordParts:
    model = MailRecord  # what django-filter checks of the list it filters

    def __init__(self, parts: list[QuerySet], names=None, ordering: tuple[str, ...] = ()):
        self.parts = parts
        # Per part, its own name of each key of the list's order (see ``sorted_by``).
        self.names = names or [{} for _part in parts]
        self.ordering = ordering

    def all(self) -> "RecordParts":
        return self

    def each(self, change) -> "RecordParts":
        """The parts, each changed alike (filtered, given what a row shows)."""
        return RecordParts([change(part) for part in self.parts], self.names, self.ordering)

    def sorted_by(self, sort) -> "RecordParts":
        """Each part given the keys of ``sort``, unindexed in a part that reads the records
        chosen first (``sorts.Sort.unindexed``): the positions are the same, and the part's
        own names for them are kept so that the pagination's order and bounds reach it."""
        parts, names = [], []
        for part in self.parts:
            own = sort.unindexed() if READ_CHOSEN_FIRST in part.query.annotations else sort
            parts.append(part.annotate(**own.keys))
            names.append(dict(zip(_names(sort.ordering), _names(own.ordering), strict=True)))
        return RecordParts(parts, names)

    def order_by(self, *ordering: str) -> "RecordParts":
        ordered = [
            part.order_by(*(_renamed(field, own) for field in ordering))
            for part, own in zip(self.parts, self.names, strict=True)
        ]
        return RecordParts(ordered, self.names, ordering)

    def filter(self, **bound) -> "RecordParts":
        """A bound on the order's first key, as the pagination gives it (``id__lt=...``)."""
        ((lookup, value),) = bound.items()
        name, comparison = lookup.rsplit("__", 1)
        bounded = [
            part.filter(**{f"{own.get(name, name)}__{comparison}": value})
            for part, own in zip(self.parts, self.names, strict=True)
        ]
        return RecordParts(bounded, self.names, self.ordering)

    def __getitem__(self, window: slice) -> list[MailRecord]:
        """The rows of the merged list in ``window``: up to ``window.stop`` of each part, in
        the order, merged. What a row shows (its holders, its document, its people) is looked
        up once, for the rows kept, as each part's queryset would for its own rows."""
        rows = []
        for part in self.parts:
            bare = part.prefetch_related(None)
            bare._iterable_class = ModelIterable
            rows.extend(bare[: window.stop])
        # Stable sorts, last key first, leave the rows in the list's order.
        for field in reversed(self.ordering):
            name = field.lstrip("-")
            rows.sort(key=attrgetter(name), reverse=field.startswith("-"))
        rows = rows[window]
        first = self.parts[0]
        prefetch_related_objects(rows, *first._prefetch_related_lookups)
        finish = getattr(first._iterable_class, "finish", None)
        if finish is not None:
            finish(rows)
        return rows


def _names(ordering) -> list[str]:
    return [field.lstrip("-") for field in ordering]


def _renamed(field: str, names: dict[str, str]) -> str:
    name = field.lstrip("-")
    return field.replace(name, names.get(name, name))
