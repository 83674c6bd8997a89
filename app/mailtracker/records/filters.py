"""List filters shared by the API, the UI list and the exports."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone

from mailtracker.org.models import Section, Subsection
from mailtracker.records.models import Assignment, MailRecord, Status

SERIAL = re.compile(r"^\d{4}/\d+$")


class RecordFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        choices=[
            ("all", "All I may see"),
            ("assigned_to_me", "Assigned to me"),
            ("created_by_me", "Registered by me"),
            ("closed", "Closed"),
        ],
        method="filter_scope",
        empty_label="All I may see",
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    section = django_filters.ModelChoiceFilter(queryset=Section.objects.all())
    subsection = django_filters.ModelChoiceFilter(queryset=Subsection.objects.all())
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    received_date = django_filters.DateFromToRangeFilter()
    due_date = django_filters.DateFromToRangeFilter()
    letter_date = django_filters.DateFromToRangeFilter()
    q = django_filters.CharFilter(method="filter_search", label="Search")

    class Meta:
        model = MailRecord
        fields = ["scope", "status", "section", "subsection", "overdue", "q"]

    def filter_scope(self, queryset, name, value):
        user = self.request.user
        if value == "assigned_to_me":
            held = Assignment.objects.filter(assignee=user, state=Assignment.State.ACTIVE)
            return queryset.filter(pk__in=held.values("record_id"))
        if value == "created_by_me":
            return queryset.filter(created_by=user)
        if value == "closed":
            return queryset.filter(status=Status.CLOSED)
        return queryset

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_date__lt=timezone.localdate()) & ~Q(status=Status.CLOSED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset, name, value):
        """Serial (exact), letter number (exact, any case), or words in subject or sender."""
        value = value.strip()
        if not value:
            return queryset
        if SERIAL.match(value):
            year, number = value.split("/")
            return queryset.filter(serial=f"{year}/{int(number):03d}")
        return queryset.filter(
            Q(letter_number__iexact=value)
            | Q(subject__icontains=value)
            | Q(from_office__icontains=value)
        )
