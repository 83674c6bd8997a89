"""Reads of mail records. ``records_visible_to`` is the one place that decides what a user may
see; the API, the UI, exports and PDF delivery all start from it."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.query import ModelIterable
from django.db.models.sql.where import WhereNode
from django.http import Http404
from django.utils import timezone

from mailtracker.accounts.coverage import remember_coverage, role_coverage
from mailtracker.accounts.roles import Role
from mailtracker.accounts.selectors import candidates_for
from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.selectors import CURRENT
from mailtracker.core.lookups import AnyOf
from mailtracker.org.models import Subsection
from mailtracker.records.models import Assignment, MailRecord, Status, StatusCount
from mailtracker.records.places import (
    DOCUMENTS_ARM,
    FIELDS_ARM,
    PLACE_PART,
    PLACE_UNINDEXED,
    PLACES_APART,
    PLACES_HALF,
    READ_CHOSEN_FIRST,
    SCOPE_HALF,
    SCOPE_PLACES,
    SCOPE_WITH_IDS,
    SEARCH_ARM,
    SEARCHED_BY_SUBSECTION,
    SEARCHED_IN_ARMS,
    SEEN_ASKED,
    SEEN_HALF,
    SEEN_IDS,
    PlacesOrSeen,
    at_place,
)
from mailtracker.records.scope import scope_condition
from mailtracker.records.sorts import SORTS

ACTIVE = Assignment.State.ACTIVE
OPEN = ~Q(status=Status.CLOSED)


def records_visible_to(user, *, place: dict | None = None) -> QuerySet[MailRecord]:
    """Rule 12: records in the user's scope, plus those they hold or held, those they monitor,
    and, for a section head, those held by people of the sections they manage.

    ``place`` ({"section": pk} or {"subsection": pk}) is where the caller is about to narrow
    the list to: when all of it lies inside the user's scope, the user may see every record
    there, and the place alone says which. (The scope OR'd with the ids outside it, ANDed with
    the same place, makes PostgreSQL expect a 24th of the records it finds: an officer's
    search of their subsection at a million records, 182 ms where the place alone takes 1.)"""
    if not user.is_authenticated or not user.is_active:
        return MailRecord.objects.none()
    if place and _inside_scope(user, place):
        ((name, pk),) = place.items()
        return MailRecord.objects.filter(at_place(f"{name}_id", pk))
    condition, extra = _visibility(user)
    if condition is None:
        return MailRecord.objects.all()
    # Usually empty: then the filter is the scope alone, a single index range per list page.
    if extra:
        records = MailRecord.objects.filter(PlacesOrSeen(condition, extra))
        setattr(records.query, SEEN_IDS, extra)  # kept by the query's clones
        records = records.alias(**{SCOPE_WITH_IDS: Value(True)})
    else:
        records = MailRecord.objects.filter(condition)
    if place is None:  # narrowed to a place, a part may hold none of it: walked in vain
        coverage = role_coverage(user)
        setattr(records.query, SCOPE_PLACES, len(coverage.section_ids + coverage.subsection_ids))
    return records


def _inside_scope(user, place: dict) -> bool:
    coverage = role_coverage(user)
    if coverage.everything:  # the head's lists carry no scope to leave out
        return False
    ((name, pk),) = place.items()
    if name == "section":
        return pk in coverage.section_ids
    section_id = Subsection.objects.filter(pk=pk).values_list("section_id", flat=True).first()
    return section_id is not None and coverage.covers(section_id=section_id, subsection_id=pk)


def hop_visibility(user) -> Q | None:
    """What ``records_visible_to`` filters, said on assignments by the copies of their record's
    section and subsection they carry (``Assignment.record_section``) and their record's id;
    None means every record. The statement reads a month's hops without joining each to its
    record."""
    condition, extra = _visibility(user)
    if condition is None:
        return None
    scope = role_coverage(user).condition(
        section="record_section_id", subsection="record_subsection_id"
    )
    return scope | Q(record__id__any_of=extra) if extra else scope


def _visibility(user) -> tuple[Q | None, list[int]]:
    """The user's scope (None: everything) and the ids of the records outside it they may see
    all the same."""
    if hasattr(user, "_record_visibility"):
        return user._record_visibility
    condition = scope_condition(user)
    if condition is None:
        return None, []
    visibility = condition, _outside_scope(user)
    if getattr(user, "_remembers_visibility", False):
        user._record_visibility = visibility
    return visibility


def seen_outside_scope(user) -> list[int]:
    """The ids of the records outside the user's scope that they may see all the same."""
    return _visibility(user)[1]


def remember_visibility(user) -> None:
    """Look what the user may see up once, when first asked, for the rest of this request: a
    page that asks several selectors (the dashboard, a list's scope and its search read first)
    would otherwise repeat the same lookups for each. Not for requests that change who holds
    what: the ids would be those of before the change."""
    remember_coverage(user)
    user._remembers_visibility = True


def _outside_scope(user) -> list[int]:
    """Rule 12's records outside the scope, asked in one statement: every scoped page asks
    them, and each round trip to PostgreSQL cost a page ~0.6 ms under the bench's load (three
    to five of them before). UNION ALL: a UNION would size its table of distinct ids by
    PostgreSQL's guess of the monitored records (57,000 for a section head's none)."""
    first, *others = [_held_outside_scope(user), _monitored_outside_scope(user)]
    if user.role == Role.SECTION_HEAD:
        others.append(_held_by_staff_outside_scope(user))
    return sorted(set(first.union(*others, all=True)))


def _held_outside_scope(user) -> QuerySet:
    rows = Assignment.objects.filter(assignee=user, outside_scope=True).order_by()
    return rows.values_list("record_id", flat=True)


def _monitored_outside_scope(user) -> QuerySet:
    """Looked up in the subsections outside the scope, where a monitor has few records or
    none (one probe of the (monitor, subsection) index each); excluding the scope instead
    would read every record a section head monitors in it."""
    covered = subsections_creatable_by(user).values("pk")
    outside = Subsection.objects.exclude(pk__in=covered).order_by().values("pk")
    rows = MailRecord.objects.filter(AnyOf(F("subsection_id"), outside), monitoring_officer=user)
    return rows.order_by().values_list("pk", flat=True)


def _held_by_staff_outside_scope(user) -> QuerySet:
    """Records of other sections held now by people of the sections this head manages (their
    staff's work, overdue or not, is theirs to chase)."""
    managed = user.managed_sections.values("pk")
    staff = get_user_model().objects.filter(subsection__section__in=managed).values("pk")
    rows = Assignment.objects.filter(assignee__in=staff, outside_scope=True, state=ACTIVE)
    return rows.order_by().values_list("record_id", flat=True)


def _holders() -> Prefetch:
    """Each record's active assignments with their people: rule 5's "Held by", in the order
    they got it, loaded in one query per page."""
    active = (
        Assignment.objects.filter(state=ACTIVE)
        # Holders are shown with where they sit ("Section / Subsection").
        .select_related("assignee__subsection__section")
        .order_by("assigned_at", "id")
    )
    return Prefetch("assignments", queryset=active, to_attr="holding")


def record_list(user, *, place: dict | None = None) -> QuerySet[MailRecord]:
    """Visible records with what the API and the exports show, without a query per row
    (``place``: see ``records_visible_to``)."""
    return _listed(records_visible_to(user, place=place))


def record_rows(user, *, place: dict | None = None) -> QuerySet[MailRecord]:
    """Visible records with what the register's table shows (web/records/_table.html)."""
    return _as_rows(records_visible_to(user, place=place))


def _as_rows(records: QuerySet[MailRecord]) -> QuerySet[MailRecord]:
    """What a row of the register's table shows besides the record: its holders and the
    document shown for it. Nothing more: each relation looked up is one more query per page."""
    # The documents' words are for searching (records.filters), not for showing.
    rows = records.defer("document_words").prefetch_related(_holders())
    rows._iterable_class = _Rows  # kept by every clone, left by values()
    return rows


def _listed(records: QuerySet[MailRecord]) -> QuerySet[MailRecord]:
    listed = _as_rows(records)
    listed._iterable_class = _NamedRecords
    return listed


class _Rows(ModelIterable):
    """Records fetched with the document a list shows for each (``_show_documents``). Looked
    up once the records are fetched, in one query for them all: as three subqueries of the
    list's query (whether a PDF is attached, which one is shown, whether its thumbnail is
    ready) they took 2-4 ms of every list here, most of it Django building their SQL.

    A page of a list marked ``PAGE_BY_IDS`` is chosen by id first, then fetched (see there);
    a page of a scope of several parts may be read part by part (``_read_in_parts``)."""

    def __iter__(self):
        if PAGE_BY_IDS in self.queryset.query.annotations and self.queryset.query.is_sliced:
            records = _page_by_ids(self.queryset)
        elif _read_in_parts(self.queryset):
            records = _in_parts(self.queryset)
        else:
            records = list(super().__iter__())
        _show_documents(records)
        return iter(records)


# Marks a list whose page is better chosen by id, then fetched (set by records.filters): the
# register's records in a wide window of dates, read first and sorted. PostgreSQL sorts the
# whole window to keep a page; carrying only each record's id and sort key instead of its
# every column saves a third of the request (the head's letters due from a month ago on,
# 28,477 of a million, oldest first: 47.8 -> 29.6 ms), for a second statement (~1 ms) that
# fetches the page.
PAGE_BY_IDS = "page_by_ids"


def _page_by_ids(page: QuerySet[MailRecord]) -> list[MailRecord]:
    """The records of a sliced, ordered list: their ids in the list's order, then the records
    with those ids (their filters already applied), in that order."""
    ids = list(page.values_list("pk", flat=True))
    chosen = page._chain()
    chosen.query.clear_ordering(force=True)
    chosen.query.clear_limits()
    chosen.query.where = WhereNode()  # the same query (its columns and sort keys) for those ids
    by_id = {record.pk: record for record in ModelIterable(chosen.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


# Walked in id order, a scope OR'd with this many ids or fewer is read in parts in one
# statement; with more, the ids are asked once the places are read, for those that can still
# make the page. PostgreSQL looks each id of an array up in the primary key (an officer's
# 1,649 letters held elsewhere: 4 ms at a million records, for a page that takes one or none
# of them); 200 take ~0.5 ms, a round trip under load as much. Read first, a scope OR'd with
# more ids than this is read in halves (``_read_in_parts``).
FEW_SEEN_IDS = 200


def _read_in_parts(page: QuerySet[MailRecord]) -> bool:
    """Whether ``page`` is a page of a scope of several parts, each best read on its own:

    - walked in id order through places OR'd with the ids of records seen outside them
      (``places.PlacesOrSeen``), or through several places in a list marked
      ``PLACES_APART``. With all of them in one condition, PostgreSQL walks the primary key
      past every other place's records (an officer's letters due before last month, newest
      first, at a million records: 31,647 passed, 15 ms; read in parts 1.2 ms);
    - read first through places OR'd with more than ``FEW_SEEN_IDS`` ids, unless the places
      are tested on the few records found (``PLACE_UNINDEXED``). With the OR and that many
      ids, PostgreSQL ANDs the whole place's index with what the filters chose, or reads what
      they chose everywhere and tests the array on each record: an officer's letters due from
      last month on (28,477 read for their 1,049), their ``q=gratuity`` (41,666 entries of
      their subsection for 826 matches). Apart, the places' half is read through the (place,
      date) or the search's (subsection, words) index, and the ids' half by id (places.
      SeenIds): through nginx at a million records, the officer's 48 such lists median p50
      ratio 0.927, 17 over 35 ms before and 9 after. A few ids cost the OR a few lookups of
      the primary key, less than building two halves (a section head's 32: median 1.014 over
      50 lists);
    - read first through a search asked per subsection of a section head's sections
      (``SEARCHED_BY_SUBSECTION``) OR'd with ids, however few: PostgreSQL reads the bitmap of
      the OR, then tests the search again on every record it found (a section head's
      ``q=gratuity`` by time in stage: 3,304 records, 13.8-15.0 ms of SQL; apart 9.4 ms;
      through nginx, median p50 ratio 0.886 on the register), and such a search of every
      field, whose arms (``places.SearchArms``) are read apart."""
    query = page.query
    if query.high_mark is None or not connection.features.supports_slicing_ordering_in_compound:
        return False
    if READ_CHOSEN_FIRST in query.annotations:
        if SEARCHED_BY_SUBSECTION in query.annotations:
            return SCOPE_WITH_IDS in query.annotations or SEARCHED_IN_ARMS in query.annotations
        many_ids = len(getattr(query, SEEN_IDS, [])) > FEW_SEEN_IDS
        return many_ids and PLACE_UNINDEXED not in query.annotations
    return (SCOPE_WITH_IDS in query.annotations or len(_places_of(page)) > 1) and (
        query.order_by[:1] in (("id",), ("-id",))
    )


def _in_parts(page: QuerySet[MailRecord]) -> list[MailRecord]:
    """The page's records read as the first records of each part of the scope (and of each
    arm of its search), each through its own index, merged in the page's order (the parts do
    not overlap)."""
    order, low, high = page.query.order_by, page.query.low_mark, page.query.high_mark
    arms = _arms_of(page)
    places = [_part(page, PLACES_HALF, place, arm) for place in _places_of(page) for arm in arms]
    seen_ids = getattr(page.query, SEEN_IDS, [])
    # Many ids are asked after the places only in a walk in id order, where the places' last
    # record tells which ids can still make the page; read first, their half reads them by id.
    if len(seen_ids) <= FEW_SEEN_IDS or READ_CHOSEN_FIRST in page.query.annotations:
        parts = [*places, _part(page, SEEN_HALF)] if seen_ids else places
        return list(ModelIterable(_merged(parts, order, high)[low:high]))
    newest_first = order[0] == "-id"
    from_places = list(ModelIterable(_merged(places, order, high)))
    seen = _part(page, SEEN_HALF)
    if len(from_places) == high:  # the ids past the last of them cannot make the page
        last = from_places[-1].pk
        asked = [pk for pk in seen_ids if (pk >= last if newest_first else pk <= last)]
        if not asked:
            return from_places[low:high]
        setattr(seen.query, SEEN_ASKED, asked)
    records = from_places + list(ModelIterable(seen[:high]))
    return sorted(records, key=lambda record: record.pk, reverse=newest_first)[low:high]


def _places_of(page: QuerySet[MailRecord]) -> list[int | None]:
    """Each place of the page's scope to read on its own (``PLACE_PART``); [None]: all at once."""
    count = getattr(page.query, SCOPE_PLACES, 1)
    apart = PLACES_APART in page.query.annotations and count > 1
    return list(range(count)) if apart else [None]


def _arms_of(page: QuerySet[MailRecord]) -> list[str | None]:
    """Each arm of the page's search to read on its own (``SEARCH_ARM``); [None]: all at once."""
    if SEARCHED_IN_ARMS in page.query.annotations:
        return [DOCUMENTS_ARM, FIELDS_ARM]
    return [None]


def _part(
    page: QuerySet[MailRecord], half: str, place: int | None = None, arm: str | None = None
) -> QuerySet[MailRecord]:
    """The page's query, unsliced, in a query that tests the scope's ``half`` only, of its
    places the one numbered ``place`` (None: all), and of its search's arms ``arm`` (None:
    the whole search)."""
    records = page._chain()
    records.query.clear_limits()
    setattr(records.query, SCOPE_HALF, half)
    setattr(records.query, PLACE_PART, place)
    setattr(records.query, SEARCH_ARM, arm)
    return records


def _merged(parts: list[QuerySet[MailRecord]], order, high: int) -> QuerySet[MailRecord]:
    """The first ``high`` records of the parts in ``order``, in one statement."""
    first, *others = (part[:high] for part in parts)
    return first.union(*others, all=True).order_by(*order)[:high] if others else first


class _NamedRecords(_Rows):
    """Rows with the people and places each names: its creator and monitor (with where they
    sit), its section and subsection. Looked up once the records are fetched, not joined:
    PostgreSQL joins before it sorts, so a list that sorts the records its filters chose
    (records.filters) would join every one of them, not the page's (30 of 54 ms for a month of
    records at a million). Two queries, where ``prefetch_related`` takes four: the same few
    dozen people and places fill every page (1.5-2 ms of an API list)."""

    def __iter__(self):
        records = list(super().__iter__())
        _name_people_and_places(records)
        return iter(records)


def _show_documents(records: list[MailRecord]) -> None:
    """Whether each record has a current PDF (``has_pdf``), and the one a list shows
    (``shown_document``, with ``shown_thumbnail`` once its thumbnail is made): the newest
    current incoming letter, else the newest current document."""
    shown = {}
    current = PdfAttachment.objects.filter(CURRENT, record__in=[record.pk for record in records])
    rows = current.values_list("record_id", "stage", "uploaded_at", "id", "has_thumbnail")
    for record_id, stage, uploaded_at, pk, has_thumbnail in rows.order_by():
        rank = (stage == PdfAttachment.Stage.CREATED, uploaded_at, pk)
        if record_id not in shown or rank > shown[record_id][0]:
            shown[record_id] = (rank, pk, has_thumbnail)
    for record in records:
        _rank, record.shown_document, record.shown_thumbnail = shown.get(
            record.pk, (None, None, False)
        )
        record.has_pdf = record.pk in shown


def _name_people_and_places(records: list[MailRecord]) -> None:
    if not records:
        return
    subsections = Subsection.objects.select_related("section").in_bulk(
        {record.subsection_id for record in records}
    )
    people = (
        get_user_model()
        .objects.select_related("subsection__section")
        .in_bulk(
            {record.created_by_id for record in records}
            | {record.monitoring_officer_id for record in records}
        )
    )
    for record in records:
        subsection = subsections[record.subsection_id]
        _named(record, "subsection", subsection)
        # Stored beside the subsection (records.models); read on its own if they ever differ.
        if subsection.section_id == record.section_id:
            _named(record, "section", subsection.section)
        _named(record, "created_by", people.get(record.created_by_id))
        _named(record, "monitoring_officer", people.get(record.monitoring_officer_id))


def _named(record: MailRecord, relation: str, value) -> None:
    MailRecord._meta.get_field(relation).set_cached_value(record, value)


def _theirs(user, relation: Q) -> QuerySet[MailRecord]:
    """Records the user holds or monitors (``relation``), listed: rule 12 lets everyone see
    those, so without the visibility filter, which would only make PostgreSQL match the scope
    and the ids outside it before reading the relation's own index (a section head's
    monitoring queue at a million records: 14 ms counted through the scope, ~1 alone)."""
    if not user.is_authenticated or not user.is_active:
        return MailRecord.objects.none()
    return _as_rows(MailRecord.objects.filter(relation))


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
        record.assignments.select_related(
            "assignee", "assigned_by", "parent", "ended_by"
        ).prefetch_related("remarks__author")
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


def candidates_for_record(user, record: MailRecord) -> QuerySet:
    """Whom ``user`` may give this record to (rule 6): their candidates who do not hold it."""
    holding = Assignment.objects.filter(record=record, state=ACTIVE).values("assignee_id")
    return candidates_for(user).exclude(pk__in=holding)


def chain_root_id(assignment: Assignment) -> int:
    """The id of the first step of the chain this assignment belongs to."""
    parents = dict(
        Assignment.objects.filter(record_id=assignment.record_id).values_list("pk", "parent_id")
    )
    root = assignment.pk
    while parents.get(root):
        root = parents[root]
    return root


def subsections_creatable_by(user) -> QuerySet[Subsection]:
    """Subsections in which the user may register mail (rule 1)."""
    subsections = Subsection.objects.select_related("section")
    condition = role_coverage(user).condition(section="section_id", subsection="pk")
    return subsections if condition is None else subsections.filter(condition)


def held_by(user) -> Q:
    """Records the user holds an active assignment on."""
    held = Assignment.objects.filter(assignee=user, state=ACTIVE)
    return Q(pk__in=held.values("record_id"))


def held_by_nobody() -> Q:
    """Open records without an active assignment (rule 2: only imports leave them so)."""
    held = Assignment.objects.filter(state=ACTIVE, record=OuterRef("pk"))
    return OPEN & ~Q(Exists(held))


def _by_due_date(records: QuerySet) -> QuerySet:
    """The queues' order: by due date, undated last, so the overdue come first (their due
    dates are the earliest) and the list walks the due-date index."""
    return SORTS["due"].apply(records)


def records_held_by(user) -> QuerySet[MailRecord]:
    """Open records the user holds an active assignment on: their queue."""
    return _by_due_date(_theirs(user, OPEN & held_by(user)))


def records_to_assign(user) -> QuerySet[MailRecord]:
    """Rule 2: open records nobody holds, for the head (all) and section heads (their
    sections); nobody else assigns, so for them the queue is empty."""
    if not (user.role in {Role.HEAD, Role.SECTION_HEAD} or user.is_superuser):
        return MailRecord.objects.none()
    records = record_rows(user).filter(held_by_nobody())
    condition = scope_condition(user)
    return _by_due_date(records if condition is None else records.filter(condition))


def records_registered_by(user) -> QuerySet[MailRecord]:
    """Open records the user registered: a clerk follows what they sent on."""
    return _by_due_date(record_rows(user).filter(OPEN, created_by=user))


def records_monitored_by(user) -> QuerySet[MailRecord]:
    """Rule 4: open records the user is the monitoring officer of."""
    return _by_due_date(_theirs(user, OPEN & Q(monitoring_officer=user)))


def overdue() -> Q:
    return Q(due_date__lt=timezone.localdate()) & OPEN


def record_figures(user) -> tuple[dict[str, int], int]:
    """How many visible records are in each status (every status present, zero included), and
    how many open ones are past their due date. Exact, and cheap however large the register
    grows: the statuses in the scope from the counters PostgreSQL keeps per subsection and
    status (``StatusCount``), the overdue ones in it through the indexes on open records; the
    few records outside the scope the user may see are read once for both (each read of them
    looks up every one by id: 5 ms for an officer's 1,649 at a million records)."""
    counts = dict.fromkeys(Status.values, 0)
    if not user.is_authenticated or not user.is_active:
        return counts, 0
    condition, extra = _visibility(user)
    counters, in_scope = StatusCount.objects.all(), MailRecord.objects.all()
    if condition is not None:
        counters, in_scope = counters.filter(condition), in_scope.filter(condition)
    for row in counters.values("status").annotate(total=Sum("count")).order_by():
        counts[row["status"]] += row["total"]
    overdue_count = in_scope.filter(overdue()).count()
    if extra:
        outside = MailRecord.objects.filter(pk__any_of=extra).exclude(condition)
        late = Count("pk", filter=overdue())
        rows = outside.values("status").annotate(total=Count("pk"), late=late)
        for row in rows.order_by():
            counts[row["status"]] += row["total"]
            overdue_count += row["late"]
    return counts, overdue_count


def records_held_longest(user, *, limit: int = 10) -> QuerySet[MailRecord]:
    """Open visible records that have waited longest in their current stage, with the holders."""
    return SORTS["waiting"].apply(record_rows(user).filter(OPEN))[:limit]
