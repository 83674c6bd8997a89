"""The section and subsection of a record as a list tests them: the user's scope and the
section and subsection filters.

A list tests them as written: walked along its sort's index, PostgreSQL walks the (section, id)
or (subsection, id) index of the place in list order, and a list read first ANDs a bitmap of
the section with the records its search found, which pays when the search finds many, or asks
the search's indexes for the matches in the subsections (``PlaceIn``). A list read first whose
search is rare in its places (``PLACE_UNINDEXED``: a letter number) tests them as
``column + 0``, which no index answers, so that the place is checked on the few records found:
PostgreSQL guesses 2 % of the register for a prefix of a word it has no statistics for, and a
section head's search of a letter number at a million records spent 16 of its 17 ms reading
166,667 entries of their section's index for 4 records. Unindexed for a common word read
first, the place costs every record found a fetch (an auditor's ``q=pension`` sorted by due
date: 161 -> 507 ms), hence the probe of the search in records.filters.
"""

from django.db.models import BooleanField, Expression, F, Func, Q
from django.db.models.lookups import In

from mailtracker.core.lookups import AnyOf

# Marks a list that reads the records its filters chose first, then sorts them (set by
# records.filters, read by records.pagination): a narrow window of dates or a rare search.
READ_CHOSEN_FIRST = "read_chosen_first"
# Marks a list read first whose search is rare in its places (a letter number) or finds one
# record at most (a serial) (set by records.filters).
PLACE_UNINDEXED = "place_unindexed"
# Marks a list read first whose search is asked of its indexes per subsection of its sections
# (set by records.filters._found_in_subsections): with ids seen elsewhere, read in halves.
SEARCHED_BY_SUBSECTION = "searched_by_subsection"
# Marks a list walked in id order from records a window of dates leaves out (set by
# records.filters): a scope of several places is then read place by place (``ScopePlaces``).
PLACES_APART = "places_apart"
# Marks a list whose scope is its places OR the ids of records seen outside them (set by
# records.selectors): an OR that PostgreSQL does not take to the search's indexes, where an
# array only moves the places' bitmap from their btree index to a GIN index, slower (an
# officer's subsection at a million records: 6.1 ms against 3.9-5.1).
SCOPE_WITH_IDS = "scope_with_ids"
# The ids of such a scope, in increasing order, and those of them a query of its ids' half is
# to ask (attributes of the query, kept by its clones; set by records.selectors).
SEEN_IDS, SEEN_ASKED = "seen_ids", "seen_asked"
# The half of such a scope a query tests (an attribute of the query, kept by its clones; set by
# records.selectors): its places alone, or the ids outside them.
SCOPE_HALF = "scope_half"
PLACES_HALF, SEEN_HALF = "places", "seen"
# How many places (sections and subsections) the scope of a list has, and the one of them a
# query tests (attributes of the query, kept by its clones; set by records.selectors).
SCOPE_PLACES, PLACE_PART = "scope_places", "place_part"
# Marks a list read first whose search of every field is asked per subsection in two arms
# (``SearchArms``; set by records.filters), read as the two merged (records.selectors).
SEARCHED_IN_ARMS = "searched_in_arms"
# The arm of such a search a query tests (an attribute of the query, kept by its clones; set
# by records.selectors): the documents' words, or the other fields of the records the first
# arm leaves out.
SEARCH_ARM = "search_arm"
DOCUMENTS_ARM, FIELDS_ARM = "documents", "fields"


class ScopePlaces(Expression):
    """A scope of several places as a filter: all of them (``whole``, one IN per column), or in
    a query given a ``PLACE_PART``, that place alone. A list marked ``PLACES_APART`` is read
    as its places merged (records.selectors): with all of them in one condition, PostgreSQL
    walks the primary key past every other place's records (an auditor's two subsections,
    letters due and dated before last month, newest first, at a million records: 31,142
    passed, 10.4 ms), where each place alone walks its own (subsection, id) index (1,286
    each, 1.2-1.7 ms). Not every list: a place read alone may scan the list's window of dates
    as the whole scope did, once per place (an auditor's new letters received since last
    month: 1.9 -> 3.6 ms)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, whole: Q, parts: list[Q]):
        super().__init__()
        self.conditions = [whole, *parts]

    def get_source_expressions(self):
        return self.conditions

    def set_source_expressions(self, exprs):
        self.conditions = list(exprs)

    def as_sql(self, compiler, connection):
        whole, *parts = self.conditions
        part = getattr(compiler.query, PLACE_PART, None)
        return compiler.compile(whole if part is None else parts[part])


class PlacesOrSeen(Expression):
    """The records of a user's places OR the ids of those they see outside them (rule 12), as a
    filter; in a query given a half (``SCOPE_HALF``), that half only. A list in id order, and
    a list read first, are read as the two halves merged (records.selectors._read_in_parts):
    with the OR, PostgreSQL walks the primary key past every other place's records (a section
    head's letters of the documents due before last month, at a million records: 40,767
    passed, 9.6 ms), where the places alone walk their own (section, id) index (6,774, 3.2 ms
    with the ids' half)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, places: Q, seen: list[int], *, both: Q | None = None):
        """``both``: a condition of both halves, tested beside the OR in the whole (a search
        the places already hold, records.filters._found_in_subsections): in a half it is stated
        once, as PostgreSQL, which multiplies a search's estimate by itself when it is asked
        twice, would read it alone through its index and test the places on every match (a
        section head's search of the documents' words: 19,821 for 3,304, 22 ms). Such a
        condition narrows a list whose scope is these places OR these ids (records.selectors),
        so its ids' half leaves the ids to the scope's: with two arrays of ids on the primary
        key, PostgreSQL looks up every pair of them (an officer's 1,649: 72 ms)."""
        super().__init__()
        seen_ids = Q(SeenIds(F("pk"), seen))
        self.halves = [places | seen_ids, places, seen_ids & ~places]
        if both is not None:
            self.halves = [both & self.halves[0], places, both]

    def get_source_expressions(self):
        return self.halves

    def set_source_expressions(self, exprs):
        self.halves = list(exprs)

    def as_sql(self, compiler, connection):
        either, places, seen = self.halves
        half = getattr(compiler.query, SCOPE_HALF, None)
        return compiler.compile({PLACES_HALF: places, SEEN_HALF: seen}.get(half, either))


class SearchArms(Expression):
    """A search of every field inside subsections (records.filters): the subsections AND the
    letter number, subject and sender OR the documents' words; in a query given a
    ``SEARCH_ARM``, one of two arms that do not overlap: the documents' words named with their
    subsection (attachments.search.words_in_places), or the other fields of the records whose
    documents do not hold them. In the whole OR, the named words would be computed again for
    every record found, to test it (~10 µs a record: a section head's ``q=gratuity``, 3,304
    records), so it asks the words' own index, which reads every entry of the subsections
    (6.6 ms); apart, the documents' arm is answered by its exact index alone and the other arm
    computes the named words only for its few records: 12.9 -> 4.8-5.7 ms of SQL at a million
    records. Each condition is resolved once and written into the statement by hand: Django
    resolves every condition an expression holds, and the fields' trigrams of four
    subsections twice cost the request 3-4 ms."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, place: Q, fields: Q, *, documents: Q, named: Q):
        super().__init__()
        self.conditions = [place, fields, documents, named]

    def get_source_expressions(self):
        return self.conditions

    def set_source_expressions(self, exprs):
        self.conditions = list(exprs)

    def as_sql(self, compiler, connection):
        place, fields, documents, named = self.conditions
        arm = getattr(compiler.query, SEARCH_ARM, None)
        if arm == DOCUMENTS_ARM:
            return compiler.compile(named)
        if arm == FIELDS_ARM:
            return _joined(compiler, "(%s AND %s AND (%s) IS NOT TRUE)", place, fields, named)
        return _joined(compiler, "(%s AND (%s OR %s))", place, fields, documents)


def _joined(compiler, template: str, *conditions) -> tuple[str, list]:
    """``template`` filled with the conditions compiled, each in parentheses, and their
    parameters in that order."""
    compiled = [compiler.compile(condition) for condition in conditions]
    sql = template % tuple(f"({condition_sql})" for condition_sql, _ in compiled)
    return sql, [param for _, params in compiled for param in params]


class SeenIds(AnyOf):
    """The ids a scope is OR'd with (``pk__any_of``); in a query given ``SEEN_ASKED``, those
    alone. PostgreSQL prices a lookup of the primary key by every id of every array on it, so
    a few ids ANDed with the whole array would be read through another index instead. The
    ids' half of a list read first sends them ``unsized``: read by id, then tested."""

    def as_sql(self, compiler, connection):
        return AnyOf.as_sql(self._asked(compiler), compiler, connection)

    def as_postgresql(self, compiler, connection):
        return AnyOf.as_postgresql(self._asked(compiler), compiler, connection)

    def _asked(self, compiler) -> AnyOf:
        query = compiler.query
        asked = getattr(query, SEEN_ASKED, None)
        ids = AnyOf(self.lhs, self.rhs if asked is None else asked)
        # The ids' half of a list read first: its records are the ids' alone, read by id
        # whatever the other filters (records.selectors._in_parts).
        ids.unsized = _half_read_first(query) == SEEN_HALF
        return ids


class PlaceColumn(Func):
    """A section or subsection column, unindexed in a list marked ``PLACE_UNINDEXED``."""

    template = "%(expressions)s"

    def __init__(self, column: str):
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra):
        # Asked of the query being compiled: a subquery (the walk probe) keeps its indexes.
        if PLACE_UNINDEXED in compiler.query.annotations:
            extra["template"] = "(%(expressions)s + 0)"
        return super().as_sql(compiler, connection, **extra)


class PlaceIn(In):
    """``column IN (ids)``, or, in a list read first, ``column = ANY(ids)``: PostgreSQL asks the
    subject's and the documents' words' GIN indexes, which hold the subsection (records
    migration 0017), for an array of subsections, but takes one subsection (``IN (1)`` is
    ``= 1`` to it) to a bitmap of the subsection's btree index ANDed with the matches: an
    officer's ``q=gratuity`` in their subsection sorted by date received, 9.2-11.2 ms of SQL
    at a million records, 2.2-3.4 ms as an array (a section's btree index takes an array as
    readily). So does the places' half of a scope OR'd with ids (``PlacesOrSeen``), which the
    OR would keep from those indexes. A walked list keeps ``IN``: on the first column of the
    (subsection, id) index an array leaves the index's order unused before PostgreSQL 17 (the
    officer's newest records: 0.4 -> 5.9 ms on PostgreSQL 16)."""

    def as_postgresql(self, compiler, connection):
        # Asked of the query being compiled: a subquery (the walk probe) keeps IN.
        query = compiler.query
        marks = query.annotations
        if READ_CHOSEN_FIRST in marks and (
            SCOPE_WITH_IDS not in marks or _half_read_first(query) == PLACES_HALF
        ):
            return AnyOf(self.lhs, self.rhs).as_postgresql(compiler, connection)
        return self.as_sql(compiler, connection)


def _half_read_first(query) -> str | None:
    """The half of a scope OR'd with ids that ``query`` tests, in a list read first (None:
    both, or a list walked)."""
    if READ_CHOSEN_FIRST not in query.annotations:
        return None
    return getattr(query, SCOPE_HALF, None)


def in_places(column: str, ids) -> Q:
    """Records whose ``column`` (section_id or subsection_id) is one of ``ids``."""
    return Q(PlaceIn(PlaceColumn(column), list(ids)))


def at_place(column: str, pk: int) -> Q:
    return in_places(column, [pk])
