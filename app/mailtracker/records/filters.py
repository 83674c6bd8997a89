"""List filters shared by the API, the UI list and the exports. The register page renders its
filter form from ``RegisterFilter`` (as NetBox renders a filterset's form), so a filter is
declared once, here."""

import re
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _

from mailtracker.attachments.selectors import text_matches, words_in_documents
from mailtracker.org.models import Section, Subsection
from mailtracker.records.keys import day_then_id
from mailtracker.records.models import MailRecord, Status
from mailtracker.records.selectors import held_by, held_by_nobody, overdue
from mailtracker.records.sorts import SORTS, sort_named

SERIAL = re.compile(r"^\d{4}/\d+$")
# A window of dates that holds fewer records than this is read through its date's index and
# sorted (a few milliseconds); a wider one is left to the walk along the sort's index, which
# stops after one page of matches. Counted (up to this many index entries) per request.
NARROW_WINDOW = 20_000
# Marks a list that reads its narrow window of dates first (read by records.pagination).
READ_WINDOW_FIRST = "read_window_first"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateBound(django_filters.DateFilter):
    """A bound on a date (``gte`` or ``lte``). Where a sort's first key starts with this date
    (records.sorts: due, received), the bound is put on that key as well: the same records,
    and a list in that order starts its index walk at the bound instead of before it."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value is None:
            return qs
        for sort in SORTS.values():
            if sort.date == self.field_name:
                (name,) = sort.keys
                if self.lookup_expr == "gte":
                    bound = {f"{name}__gte": day_then_id(value, 0)}
                else:
                    bound = {f"{name}__lt": day_then_id(value + timedelta(days=1), 0)}
                qs = qs.alias(**sort.keys).filter(**bound)
        return qs


def _date_filter(field: str, lookup: str, label: str) -> DateBound:
    return DateBound(field_name=field, lookup_expr=lookup, label=label, widget=DateInput)


DATE_FIELDS = ("received_date", "due_date", "letter_date")


class RecordFilter(django_filters.FilterSet):
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
    section = django_filters.ModelChoiceFilter(queryset=Section.objects.all(), label=_("Section"))
    subsection = django_filters.ModelChoiceFilter(
        queryset=Subsection.objects.all(), label=_("Subsection")
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
        queryset = super().filter_queryset(queryset)
        return queryset.alias(**{READ_WINDOW_FIRST: Value(True)}) if self._narrow() else queryset

    def _narrow(self) -> bool:
        """Whether a date filter leaves a window of few records that the sort's index walk
        would not start at (its order is by another key): then reading the window through its
        date's index and sorting it is the cheaper way, whatever PostgreSQL guesses. It prices
        the walk as if the window's records were spread evenly along the walk, but dates follow
        registration: a window of last month lies at one end of every order."""
        data = self.form.cleaned_data
        bounded_by_sort = sort_named(data.get("sort")).date
        for field in DATE_FIELDS:
            names = [f"{field}_{bound}" for bound in ("after", "before")]
            bounds = {name: data[name] for name in names if data.get(name) is not None}
            if not bounds or field == bounded_by_sort:
                continue
            window = MailRecord.objects.order_by()
            for name, value in bounds.items():
                window = self.filters[name].filter(window, value)
            if window[:NARROW_WINDOW].count() < NARROW_WINDOW:
                return True
        return False

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

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue()) if value else queryset.exclude(overdue())

    def filter_nothing(self, queryset, name, value):
        return queryset  # read elsewhere (filter_search, the pagination)

    def filter_search(self, queryset, name, value):
        """Serial (exact), or part of the letter number, subject or sender (any case), or every
        word in the text of a current document; with ``in_documents`` only the last."""
        value = value.strip()
        if not value:
            return queryset
        only_documents = self.form.cleaned_data.get("in_documents")
        if SERIAL.match(value) and not only_documents:
            year, number = value.split("/")
            return queryset.filter(serial=f"{year}/{int(number):03d}")
        # Every condition is on the records' own columns, each with its index (trigram GIN for
        # the letter number, subject and sender, GIN on the documents' words): PostgreSQL
        # reads the records that match through those indexes, or walks the sort's index and
        # checks each record, whichever is less work for the words given.
        in_documents = words_in_documents(value) or Q(pk__in=[])
        if only_documents:
            return queryset.filter(in_documents)
        return queryset.filter(
            Q(letter_number__icontains=value)
            | Q(subject__icontains=value)
            | Q(from_office__icontains=value)
            | in_documents
        )


def with_text_matches(records: list, query: str) -> list:
    """Give each listed record the place its documents contain the searched words, if any."""
    matches = text_matches(record_ids=[record.pk for record in records], query=query)
    for record in records:
        record.text_match = matches.get(record.pk)
    return records


class FilterForm(forms.Form):
    """Renders every filter with the staff UI's field template (label, input, help, errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "web/forms/field.html"


class RegisterFilter(RecordFilter):
    """The register page: the API's filters, and only the subsections this user covers (the
    API keeps every subsection, so a foreign one filters to nothing there)."""

    class Meta(RecordFilter.Meta):
        form = FilterForm

    def __init__(self, *args, subsections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["widget"] = forms.CheckboxSelectMultiple
        self.filters.pop("section")
        if subsections is None or subsections.count() < 2:
            self.filters.pop("subsection")
        else:
            self.filters["subsection"].queryset = subsections
            self.filters["subsection"].extra["empty_label"] = _("All")
