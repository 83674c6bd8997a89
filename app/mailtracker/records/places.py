"""The section and subsection of a record as a list tests them: the user's scope and the
section and subsection filters.

A list tests them as written: walked along its sort's index, PostgreSQL walks the (section, id)
or (subsection, id) index of the place in list order, and a list read first ANDs a bitmap of
the place with the records its search found, which pays when the search finds many. A list
read first whose search is rare in its places (``PLACE_UNINDEXED``: a letter number) tests
them as ``column + 0``, which no index answers, so that the place is checked on the few records
found: PostgreSQL guesses 2 % of the register for a prefix of a word it has no statistics for,
and a section head's search of a letter number at a million records spent 16 of its 17 ms
reading 166,667 entries of their section's index for 4 records. Unindexed for a common word
read first, the place costs every record found a fetch (an auditor's ``q=pension`` sorted by
due date: 161 -> 507 ms), hence the probe of the search in records.filters.
"""

from django.db.models import F, Func, IntegerField, Q
from django.db.models.lookups import Exact, In

# Marks a list read first whose search is rare in its places (set by records.filters).
PLACE_UNINDEXED = "place_unindexed"


class PlaceColumn(Func):
    """A section or subsection column, unindexed in a list marked ``PLACE_UNINDEXED``."""

    template = "%(expressions)s"
    output_field = IntegerField()

    def __init__(self, column: str):
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra):
        # Asked of the query being compiled: a subquery (the walk probe) keeps its indexes.
        if PLACE_UNINDEXED in compiler.query.annotations:
            extra["template"] = "(%(expressions)s + 0)"
        return super().as_sql(compiler, connection, **extra)


def in_places(column: str, ids) -> Q:
    """Records whose ``column`` (section_id or subsection_id) is one of ``ids``."""
    return Q(In(PlaceColumn(column), list(ids)))


def at_place(column: str, pk: int) -> Q:
    return Q(Exact(PlaceColumn(column), pk))
