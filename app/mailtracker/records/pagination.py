"""Keyset pagination of record lists, the same for the API and the register page: DRF's
CursorPagination on the chosen sort's key (``records.sorts``). No page counts rows or skips
them with OFFSET, so the thousandth page costs what the first does; instead of page numbers a
list offers the page before and after, and a jump to a date (``go_to_date``)."""

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import remove_query_param

from mailtracker.records.places import READ_CHOSEN_FIRST
from mailtracker.records.sorts import BIGINT_MAX, DEFAULT_SORT, SORTS, sort_named


class RecordCursorPagination(CursorPagination):
    ordering = SORTS[DEFAULT_SORT].ordering
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    date_query_param = "go_to_date"

    def paginate_queryset(self, queryset, request, view=None):
        self.sort = sort_named(request.query_params.get("sort"))
        if READ_CHOSEN_FIRST in queryset.query.annotations:
            # The filters chose few records (a narrow window of dates, a rare search): sorted, not
            # walked to (records.filters).
            self.sort = self.sort.unindexed()
        page = super().paginate_queryset(queryset.annotate(**self.sort.keys), request, view)
        # The links carry the cursor; the date only chose where the first of them starts.
        self.base_url = remove_query_param(self.base_url, self.date_query_param)
        return page

    def get_ordering(self, request, queryset, view):
        return self.sort.ordering

    def decode_cursor(self, request):
        """A cursor is the client's to send back, so it may be forged: its position must be of
        the sort's type, or the query fails in the database (a 500) instead of answering
        "Invalid cursor"."""
        cursor = super().decode_cursor(request)
        if cursor is None:
            return self._cursor_at_date(request)
        if cursor.position is not None and not self._is_position(cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def _is_position(self, position: str) -> bool:
        if not self.sort.integer_positions:
            return parse_datetime(position) is not None
        digits = position.removeprefix("-")
        return digits.isascii() and digits.isdigit() and abs(int(position)) <= BIGINT_MAX

    def _cursor_at_date(self, request) -> Cursor | None:
        raw = request.query_params.get(self.date_query_param)
        if not raw:
            return None
        try:
            day = parse_date(raw)
        except ValueError:  # well formed, but no such day (2026-02-30)
            day = None
        if day is None:
            raise ValidationError({self.date_query_param: [_("Enter a date as YYYY-MM-DD.")]})
        position = self.sort.position_at(day)
        return None if position is None else Cursor(0, False, str(position))
