"""The section and subsection of a record as a list tests them: the user's scope and the
section and subsection filters.

A list walked along its sort's index tests them as written: PostgreSQL walks the (section, id)
or (subsection, id) index of the place in list order. A list whose filters chose few records,
read first and then sorted (``READ_CHOSEN_FIRST``: a rare search, a narrow window of dates),
tests them as ``column + 0``, which no index answers, so that the place is checked on the
records found. Otherwise PostgreSQL reads the place's whole index as a bitmap and ANDs it with
the records found: it guesses 2 % of the register for a prefix of a word it has no statistics
for, and expects thousands of matches. A section head's search of a letter number at a million
records spent 16 of its 17 ms reading 166,667 entries of their section's index for 4 records.
"""

from django.db.models import F, Func, IntegerField, Q
from django.db.models.lookups import Exact, In

# Marks a list that reads the records its filters chose first, then sorts them (set by
# records.filters, read here and by records.pagination).
READ_CHOSEN_FIRST = "read_chosen_first"


class PlaceColumn(Func):
    """A section or subsection column, unindexed in a list read first."""

    template = "%(expressions)s"
    output_field = IntegerField()

    def __init__(self, column: str):
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra):
        # Asked of the query being compiled: a subquery (the walk probe) keeps its indexes.
        if READ_CHOSEN_FIRST in compiler.query.annotations:
            extra["template"] = "(%(expressions)s + 0)"
        return super().as_sql(compiler, connection, **extra)


def in_places(column: str, ids) -> Q:
    """Records whose ``column`` (section_id or subsection_id) is one of ``ids``."""
    return Q(In(PlaceColumn(column), list(ids)))


def at_place(column: str, pk: int) -> Q:
    return Q(Exact(PlaceColumn(column), pk))
