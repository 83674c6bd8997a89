"""List filters shared by the API, the UI list and the exports. The register page renders its
filter form from ``RegisterFilter`` (as NetBox renders a filterset's form), so a filter is
declared once, here."""

import re
from datetime import timedelta
from functools import cached_property

import django_filters
from django import forms
from django.db.models import F, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from mailtracker.accounts.coverage import Coverage, role_coverage
from mailtracker.attachments.selectors import text_matches, words_in_documents
from mailtracker.core.estimates import fewer_than
from mailtracker.core.lookups import AnyOf
from mailtracker.org.models import Section, Subsection
from mailtracker.records.filter_copies import CheaplyCopiedFilterSet
from mailtracker.records.keys import day_then_id
from mailtracker.records.models import DATE_FIELDS, MailRecord, Status
from mailtracker.records.places import (
    PLACE_UNINDEXED,
    PLACES_APART,
    READ_CHOSEN_FIRST,
    SEARCHED_BY_SUBSECTION,
    SEARCHED_IN_ARMS,
    PlacesOrSeen,
    SearchArms,
    at_place,
)
from mailtracker.records.scope import scope_parts
from mailtracker.records.selectors import (
    PAGE_BY_IDS,
    held_by,
    held_by_nobody,
    overdue,
    seen_outside_scope,
)
from mailtracker.records.sorts import DEFAULT_SORT, SORTS, sort_named
from mailtracker.records.subject_places import subject_in_subsections

SERIAL = re.compile(r"^\d{4}/\d+$")
DIGIT = re.compile(r"\d")
# A window of dates that holds fewer records than this is read through its date's index and
# sorted (30 ms for 30,000 records at a million); a wider one is left to the walk along the
# sort's index, which stops after one page of matches (and passes at most the records outside
# the window). Estimated from PostgreSQL's statistics when the walk does not start at it.
NARROW_WINDOW = 50_000
# Before reading a filtered list along its sort's index, the first WALK_PROBE records of that
# order (in the whole register) are looked at: when WALK_HITS of them are both seen by the
# user and pass the filters, the walk finds a page within a few thousand records. When not, a
# search or a narrow window of dates is read first and sorted: a word that is rare, or common
# only in old letters or in other sections, would have the walk pass hundreds of records per
# match, and every record for a word that is nowhere (1.5 s at a million records). PostgreSQL
# cannot tell these apart: it guesses 2 % of the records for any prefix of a word it has no
# statistics for, and assumes matches lie evenly along any order and in every section.
WALK_PROBE = 2_000
WALK_HITS = 5
# pg_trgm reads a searched text as words and pads each word that follows a space or a sign:
# in "L/12345" the word 12345 brings the trigrams "  1" and " 12", which every word starting
# with a 1 shares. The trigram indexes read those posting lists whole, a good part of the
# register: 20 ms on the letter number and 31 on the sender at a million records, for 11
# letters. When the words hold this many trigrams inside them (one word of five letters or
# digits), the indexes are asked for each word alone (1.6 and 0.7 ms), and the whole text is
# checked on the few records they find by a condition no index answers. With fewer
# (``AG/2026``: "202" and "026", in every letter number of the year), the padded trigrams
# are what narrows the search, and the whole text goes to the indexes as written.
INNER_TRIGRAMS_ENOUGH = 3
WORD = re.compile(r"[^\W_]+")
# Filters that leave a list inside its places as it is (the place is the list's places).
NOT_NARROWING = {"q", "in_documents", "sort", "section", "subsection"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateBound(django_filters.DateFilter):
    """A bound on a date (``gte`` or ``lte``). Where the list's sort has a first key that
    starts with this date (records.sorts: due, received), the bound is put on that key as well:
    the same records, and the walk along that key's index starts at the bound instead of before
    it. Only then: for PostgreSQL the two bounds are independent conditions, and it would
    count on a hundredth of the records it really reads."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        sort = sort_named(self.parent.form.cleaned_data.get("sort"))
        if value is None or sort.date != self.field_name:
            return qs
        (name,) = sort.keys
        if self.lookup_expr == "gte":
            bound = {f"{name}__gte": day_then_id(value, 0)}
        else:
            bound = {f"{name}__lt": day_then_id(value + timedelta(days=1), 0)}
        return qs.alias(**sort.keys).filter(**bound)


def _date_filter(field: str, lookup: str, label: str) -> DateBound:
    return DateBound(field_name=field, lookup_expr=lookup, label=label, widget=DateInput)


def place_chosen(params, offered=("subsection", "section")) -> dict | None:
    """The subsection (else the section) a list's query asks for, when it names one by id and
    the list ``offered`` that filter: what the list is about to be narrowed to (see
    ``selectors.records_visible_to``). Anything else is left to the filters, which refuse it."""
    for name in offered:
        value = params.get(name, "")
        if value.isdigit():
            return {name: int(value)}
    return None


class RecordFilter(CheaplyCopiedFilterSet):
    scope = django_filters.ChoiceFilter(
        choices=[
            ("all", _("All I may see")),
            ("assigned_to_me", _("Held by me")),
            ("created_by_me", _("Registered by me")),
            ("monitored_by_me", _("Monitored by me")),
            ("to_assign", _("Held by nobody (to assign)")),
            ("closed", _("Closed")),
        ],
        method="filter_scope",
        empty_label=_("All I may see"),
        label=_("Show"),
    )
    # distinct=False: the statuses are values of one column, so no row can repeat; with
    # DISTINCT PostgreSQL would de-duplicate every matching row before the first page.
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), distinct=False
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.all(), label=_("Section"), method="filter_place"
    )
    subsection = django_filters.ModelChoiceFilter(
        queryset=Subsection.objects.all(), label=_("Subsection"), method="filter_place"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Overdue only")), ("false", _("Not overdue"))]
        ),
    )
    # Two filters per date (not a range widget): each input gets its own label, and the query
    # parameters stay the ones clients already use (received_date_after, ..._before).
    received_date_after = _date_filter("received_date", "gte", "Received from")
    received_date_before = _date_filter("received_date", "lte", "Received until")
    due_date_after = _date_filter("due_date", "gte", "Due from")
    due_date_before = _date_filter("due_date", "lte", "Due until")
    letter_date_after = _date_filter("letter_date", "gte", "Letter dated from")
    letter_date_before = _date_filter("letter_date", "lte", "Letter dated until")
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    in_documents = django_filters.BooleanFilter(
        method="filter_nothing",
        label=_("Search only inside the documents"),
        widget=forms.CheckboxInput,
        help_text=_("with q: only records whose documents contain every word"),
    )
    # Validated here, applied by the pagination, which pages on the sort's key.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = MailRecord
        fields = [
            "scope", "status", "section", "subsection", "overdue", "q", "in_documents", "sort",
        ]  # fmt: skip

    def filter_queryset(self, queryset):
        # The search last, so that its condition is the last one PostgreSQL tests on each
        # record a walk passes: it keeps conditions of equal estimated cost in the order
        # written, and matching a record's words costs ~10 µs where its dates or status cost
        # next to nothing (a walk past 13,900 records newer than a window of letter dates took
        # 154 ms testing the words first, 11 ms testing the dates first).
        data = self.form.cleaned_data
        for name in data:
            if name != "q":
                queryset = self.filters[name].filter(queryset, data[name])
        searched = data.get("q") or ""
        chosen = self.filter_search(queryset, "q", searched)
        if not self._read_first(chosen):
            if self._walk_starts_outside_a_window():
                return chosen.alias(**{PLACES_APART: Value(True)})
            return chosen
        marks = {READ_CHOSEN_FIRST: Value(True)}
        # Read first, the records are found through the words' GIN index, which answers the
        # documents' words themselves four times faster than a prefix of them (attachments.
        # search.words_match). A walk tests the words on each record it passes, as fast
        # either way: listing the words would only add a statement.
        found = self._found(searched, words_listed=True)
        if found is not None:
            chosen = queryset.filter(found)
        if self._searches_serial(searched) or self._rare_in_places():
            marks[PLACE_UNINDEXED] = Value(True)
        elif found is not None and (in_sections := self._found_in_subsections(found)) is not None:
            chosen = queryset.filter(in_sections)  # the search with it
            marks[PLACE_UNINDEXED] = marks[SEARCHED_BY_SUBSECTION] = Value(True)
            if not self.form.cleaned_data.get("in_documents"):
                marks[SEARCHED_IN_ARMS] = Value(True)
        if self._window_of_the_register():
            marks[PAGE_BY_IDS] = Value(True)
        return chosen.alias(**marks)

    def _window_of_the_register(self) -> bool:
        """Whether a list read first is a window of dates over the whole register (no search,
        no scope, no place chosen): thousands of records sorted for a page (selectors.
        PAGE_BY_IDS). Inside a scope or a place the window is read from a (place, date) index,
        a twentieth of it or less, and choosing by id first cost more than it saved (median
        ratio 1.006 on a section head's windows at a million records)."""
        data = self.form.cleaned_data
        return (
            not data.get("q", "").strip()
            and self._coverage.everything
            and self._chosen_place() is None
        )

    def _read_first(self, chosen) -> bool:
        """Whether the records the filters chose (among those the user sees) are better read
        first and sorted than walked to along the sort's index (see WALK_PROBE)."""
        data = self.form.cleaned_data
        searched = data.get("q", "").strip()
        if self._searches_serial(searched):
            return True  # one record at most, read through the serial's unique index
        windows = self._date_windows()
        if not (searched or windows):
            return False
        sort = sort_named(data.get("sort"))
        walked = self._walked(sort)
        if self._found_early(chosen, sort, walked):
            return False
        if not searched:
            return self._narrow(windows)
        if windows and self._walks_one_index(sort) and not self._narrow(windows):
            # A wide window the walk enters only after the records outside it (letters dated
            # before last month, newest first): those are passed on their dates alone, so the
            # walk is judged by the start of the window. Reading first would fetch every
            # record with the words (20,000 for a word in one letter in fifty). Along one
            # index only: walking several sections' records in id order passes everybody's.
            return not self._found_early(chosen, sort, self._walked(sort, windows))
        return True

    def _walk_starts_outside_a_window(self) -> bool:
        """Whether a walk in id order starts among the records a window of dates leaves out:
        newest first under an upper bound (letters due before last month), oldest first over a
        lower one. It passes those of every place of the scope before it finds its page, so
        each place is walked on its own index (places.PLACES_APART)."""
        sort = sort_named(self.form.cleaned_data.get("sort"))
        if not sort.by_id:
            return False
        passed = "_before" if sort.ordering[0] == "-id" else "_after"
        windows = self._date_windows().values()
        return any(name.endswith(passed) for bounds in windows for name in bounds)

    def _rare_in_places(self) -> bool:
        """Whether the search alone finds fewer than WALK_HITS among the newest WALK_PROBE
        records of the places the list is limited to (the section or subsection chosen, or
        the user's): a letter number, not a word found in one letter in fifty that other
        filters (a status, a window, another order) made the list read first. Asked only of
        a search holding a digit (a letter number, a file reference), which is mostly rare:
        the probe costs a common word 4-5 ms at a million records, more than leaving the
        place off its index saves a rare one (5-10 ms), and a serial is read through its
        unique index either way."""
        data = self.form.cleaned_data
        searched = data.get("q", "").strip()
        if not DIGIT.search(searched) or self._searches_serial(searched):
            return False
        newest = sort_named(DEFAULT_SORT)
        places = self._walked_places(newest)
        if places is None:
            return False
        found = self.filter_search(MailRecord.objects.all(), "q", searched)
        return not self._found_early(found, newest, places)

    def _found_in_subsections(self, found: Q) -> Q | None:
        """The search asked inside the subsections the list is limited to (the subsection
        chosen, else those of the section chosen, else the user's and those of their
        sections), OR'd with ``found`` on the records the user sees outside their scope; None
        when the list is limited to no subsection (the head's), or searches a serial, or is
        that of a user of subsections only who sees letters outside them. Per
        subsection, the search's indexes answer for those subsections alone: the documents'
        words the index of the words named with their subsection (records migration 0020;
        searched with the other fields, as an arm of its own: places.SearchArms), the subjects the
        index of each subsection's subject trigrams (records.subject_places: an auditor's
        ``q=pension`` in their two subsections at a million records, 18.9 -> 9.4 ms of SQL).
        Tested as a section, the place is a bitmap of the section's whole index ANDed with
        the matches (a section head's ``q=gratuity``: 166,667 entries, 11 ms of a 20 ms
        statement). A scope OR'd with
        ids seen elsewhere keeps even subsections from the indexes (PostgreSQL factors the
        search back out of ``(places AND found) OR (ids AND found)``), and a subsection's
        trigrams find none of those records: with such ids, the list is read as its two
        halves (``PlacesOrSeen``, records.selectors._read_in_parts). The caller marks the
        list PLACE_UNINDEXED: the scope and the section are then tested on the records found.
        Exact because a record's section is its subsection's (records.signals)."""
        searched = self.form.cleaned_data.get("q", "")
        if self._searches_serial(searched):
            return None  # read through the serial's unique index
        if not self._searched_alone():
            return None
        chosen = self._chosen_place()
        sections, subsections, outside = [], [], []
        if chosen is not None:
            if "section" in chosen:
                sections = [chosen["section"].pk]
            else:
                subsections = [chosen["subsection"].pk]
        else:
            coverage = self._coverage
            if coverage.everything:
                return None
            sections, subsections = coverage.section_ids, list(coverage.subsection_ids)
            outside = seen_outside_scope(self.request.user)
            if outside and not sections:
                # Read in halves, the search is resolved and compiled once per half: an
                # officer's 1,649 letters held elsewhere, 2-4 ms more of Python for their
                # subsection's search, more than its subjects' trigrams save there.
                return None
        subsections += Subsection.objects.filter(section__in=sections).values_list("pk", flat=True)
        if not subsections:
            return None
        inside = self._found(searched, words_listed=True, subsections=subsections)
        return Q(PlacesOrSeen(inside, outside, both=found)) if outside else inside

    def _searched_alone(self) -> bool:
        """Whether the search is all that narrows the list inside its places. Another filter
        (a status, overdue, a window of dates, "held by me") has indexes of its own, which
        PostgreSQL ANDs with the matches; the search asked of its indexes per subsection
        would fetch every match in the section instead, and PostgreSQL, which multiplies the
        search's estimate by itself when it is asked twice, would not see it coming (a section
        head's overdue letters holding a word of the documents: 16.2 -> 22.8 ms)."""
        data = self.form.cleaned_data
        return all(
            data.get(name) in (None, "", [], "all")
            for name in self.filters
            if name not in NOT_NARROWING
        )

    def _found_early(self, chosen, sort, walked) -> bool:
        """Whether WALK_HITS of the chosen records are among the first WALK_PROBE of ``walked``
        (parts of the register; None: all of it) in the sort's order."""
        at_start = sort.among_first(chosen, WALK_PROBE, walked=walked)
        return at_start.values("pk").order_by()[:WALK_HITS].count() == WALK_HITS

    def _walks_one_index(self, sort) -> bool:
        """Whether the walk in this order runs along one index in list order: in id order,
        the register's, or the (section, id) or (subsection, id) index of one section or
        subsection."""
        if not sort.by_id:
            return False
        if self._chosen_place() is not None:
            return True
        coverage = self._coverage
        return coverage.everything or len(coverage.section_ids + coverage.subsection_ids) == 1

    def _walked(self, sort, windows: dict[str, dict] | None = None):
        """The parts of the register a walk in this order passes, each on its own index (None:
        all of it). In id order PostgreSQL walks the (subsection, id) or (section, id) index of
        the chosen subsection or section, or of each place of the user's scope, and passes
        none of the others. (An officer's word found in one letter in fifty of their
        subsection would otherwise be judged by the register's newest records, one in 24 of
        them theirs, and read first: all 41,666 letters of the subsection at a million
        records.) With ``windows``, only the records inside those windows of dates."""
        walked = self._walked_places(sort)
        if windows:
            walked = [self._within(part, windows) for part in walked or [MailRecord.objects.all()]]
        return walked

    def _within(self, records, windows: dict[str, dict]):
        for bounds in windows.values():
            for name, value in bounds.items():
                records = self.filters[name].filter(records, value)
        return records

    def _walked_places(self, sort) -> list | None:
        """Each place a walk in id order passes, on its own index; None: the register."""
        if not sort.by_id:
            return None
        chosen = self._chosen_place()
        if chosen is not None:
            return [MailRecord.objects.filter(**chosen)]
        coverage = self._coverage
        if coverage.everything:
            return None
        places = scope_parts(coverage)
        return [MailRecord.objects.filter(place) for place in places] or [MailRecord.objects.none()]

    def _chosen_place(self) -> dict | None:
        """The subsection or section the list is filtered to, as a filter; None if neither."""
        data = self.form.cleaned_data
        for name in ("subsection", "section"):
            if data.get(name) is not None:
                return {name: data[name]}
        return None

    @cached_property
    def _coverage(self):
        """The user's coverage, read once per list (each question above asks it again)."""
        if self.request is None:  # used outside a request (the demo's checks): the register
            return Coverage(everything=True)
        return role_coverage(self.request.user)

    def _date_windows(self) -> dict[str, dict]:
        """The bounds given on each date other than the one the sort starts its walk at."""
        data = self.form.cleaned_data
        bounded_by_sort = sort_named(data.get("sort")).date
        windows = {}
        for field in DATE_FIELDS:
            names = [f"{field}_{bound}" for bound in ("after", "before")]
            bounds = {name: data[name] for name in names if data.get(name) is not None}
            if bounds and field != bounded_by_sort:
                windows[field] = bounds
        return windows

    def _narrow(self, windows: dict[str, dict]) -> bool:
        """Whether a date filter leaves a window of few records (reading them is cheap, and
        the walk would pass every record before the window: see WALK_PROBE), as PostgreSQL
        estimates it (core.estimates: counted, 3-4 ms at a million records)."""
        return any(
            fewer_than(self._within(MailRecord.objects.all(), {field: bounds}), NARROW_WINDOW)
            for field, bounds in windows.items()
        )

    def filter_scope(self, queryset, name, value):
        user = self.request.user
        conditions = {
            "assigned_to_me": lambda: held_by(user),
            "created_by_me": lambda: Q(created_by=user),
            "monitored_by_me": lambda: Q(monitoring_officer=user),
            "to_assign": held_by_nobody,
            "closed": lambda: Q(status=Status.CLOSED),
        }
        return queryset.filter(conditions[value]()) if value in conditions else queryset

    def filter_place(self, queryset, name, value):
        return queryset.filter(at_place(f"{name}_id", value.pk))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue()) if value else queryset.exclude(overdue())

    def filter_nothing(self, queryset, name, value):
        return queryset  # read elsewhere (filter_search, the pagination)

    def filter_search(self, queryset, name, value):
        found = self._found(value)
        return queryset if found is None else queryset.filter(found)

    def _searches_serial(self, value: str) -> bool:
        """Whether ``value`` is a serial (2026/017) searched as one, not only in documents."""
        return bool(SERIAL.match(value.strip())) and not self.form.cleaned_data.get("in_documents")

    def _found(self, value: str, *, words_listed: bool = False, subsections=None) -> Q | None:
        """Serial (exact), or part of the letter number, subject or sender (any case), or every
        word in the text of a current document; with ``in_documents`` only the last. With
        ``words_listed``, the documents' words are asked as the words that begin with each
        word typed (attachments.selectors.words_in_documents). With ``subsections``, only
        records of those subsections: their subjects asked of the index of each subsection's
        subject trigrams (records.subject_places), and their documents' words of the index of
        the words named with their subsection (attachments.search.words_in_places), with the
        other fields as an arm of its own (places.SearchArms). None: nothing searched."""
        value = value.strip()
        if not value:
            return None
        if self._searches_serial(value):
            year, number = value.split("/")
            return Q(serial=f"{year}/{int(number):03d}")
        # Every condition is on the records' own columns, each with its index (trigram GIN for
        # the letter number, subject and sender, GIN on the documents' words): PostgreSQL
        # reads the records that match through those indexes, or walks the sort's index and
        # checks each record, whichever is less work for the words given.
        if self.form.cleaned_data.get("in_documents"):
            return self._in_documents(value, words_listed, subsections)
        in_documents = self._in_documents(value, words_listed)
        letter_number, subject = contains("letter_number", value), contains("subject", value)
        sender = contains("from_office", value)
        if not subsections:
            return letter_number | subject | sender | in_documents
        place = Q(AnyOf(F("subsection_id"), subsections))
        if in_places := subject_in_subsections(value, subsections):
            # Last: PostgreSQL tests the conditions of an OR in the order written, and the
            # subject's trigrams cost each record they are computed for.
            fields = letter_number | sender | (subject & in_places)
        else:
            fields = letter_number | subject | sender
        # Whole, the OR asks the documents' words of their own index: beside the other fields,
        # the words named with their subsection would be computed again for each record found
        # (a section head's ``q=gratuity``, 3,304 records, 14 -> 45 ms). A list read in parts
        # asks them in an arm of their own (places.SearchArms).
        named = self._in_documents(value, words_listed, subsections)
        return Q(SearchArms(place, fields, documents=in_documents, named=named))

    def _in_documents(self, value: str, words_listed: bool, subsections=None) -> Q:
        """The records whose documents hold every word of ``value`` (see ``_found``); the
        words listed are asked of the database once per list."""
        listed = self._words_listed if words_listed else None
        found = words_in_documents(value, listed=listed, subsections=subsections)
        return found or Q(pk__in=[])

    @cached_property
    def _words_listed(self) -> dict[str, list[str] | None]:
        return {}


def contains(column: str, text: str) -> Q:
    """The records whose ``column`` contains ``text`` in any case (as ``icontains``), asked of
    its trigram index word by word when the words are long enough (see INNER_TRIGRAMS_ENOUGH)."""
    words = WORD.findall(text)
    inner_trigrams = sum(max(len(word) - 2, 0) for word in words)
    if words == [text] or inner_trigrams < INNER_TRIGRAMS_ENOUGH:
        return Q(**{f"{column}__icontains": text})
    each_word = [Q(**{f"{column}__icontains": word}) for word in words if len(word) > 2]
    whole_text = GreaterThan(StrIndex(Upper(column), Upper(Value(text))), 0)
    return Q(*each_word, whole_text)


def with_text_matches(records: list, query: str) -> list:
    """Give each listed record the place its documents contain the searched words, if any."""
    matches = text_matches(record_ids=[record.pk for record in records], query=query)
    for record in records:
        record.text_match = matches.get(record.pk)
    return records


# Every option written by the widget's own template: Django's templates include two more per
# option of a drop-down and four per checkbox (~0.02 ms each, 40 to 90 on the register's form).
OPTIONS_IN_ONE_TEMPLATE = {
    forms.Select: "web/widgets/select.html",
    forms.CheckboxSelectMultiple: "web/widgets/checkboxes.html",
}


class FilterForm(forms.Form):
    """The register's filters in the staff UI's field template (label, input, help, errors),
    the statuses as checkboxes.

    Changes are made to this form's own copies of the fields, never to the filters: a filter
    builds its field once and keeps it, and the API schema builds those of the filters every
    FilterSet shares; from then on a widget or queryset given to a filter went unseen (the
    statuses became a multiple-choice list in every worker that had served /api/schema/)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.widget = forms.CheckboxSelectMultiple(choices=status.choices)
        for field in self.fields.values():
            field.template_name = "web/forms/field.html"
            if type(field.widget) in OPTIONS_IN_ONE_TEMPLATE:
                field.widget.template_name = OPTIONS_IN_ONE_TEMPLATE[type(field.widget)]


class RegisterFilter(RecordFilter):
    """The register page: the API's filters, and only the subsections this user covers (the
    API keeps every subsection, so a foreign one filters to nothing there)."""

    class Meta(RecordFilter.Meta):
        form = FilterForm

    def __init__(self, *args, subsections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subsections = subsections
        self.filters.pop("section")
        if not self.offers_subsection(subsections):
            self.filters.pop("subsection")

    @property
    def form(self):
        if not hasattr(self, "_form") and "subsection" in self.filters:
            field = super().form.fields["subsection"]
            field.queryset, field.empty_label = self.subsections, _("All")
            # Offered from the rows the page fetched to decide whether to offer them: left to
            # itself, the field reads them again through a server-side cursor (three round trips).
            field.widget.choices = [
                ("", field.empty_label),
                *((row.pk, field.label_from_instance(row)) for row in self.subsections),
            ]
        return super().form

    @staticmethod
    def offers_subsection(subsections) -> bool:
        """Only to those who cover two subsections or more: for the others, their scope. (len:
        the page asks twice, the rows are fetched once.)"""
        return subsections is not None and len(subsections) > 1
