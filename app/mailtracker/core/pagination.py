"""Keyset pagination for lists read newest first by id (the notifications). Record lists page
on the sort a user chose instead (``records.pagination``)."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from mailtracker.records.keys import BIGINT_MAX


class NewestFirstPagination(CursorPagination):
    """Keyset pagination on the primary key: every page, however deep, is an index range scan
    and no page runs a COUNT(*)."""

    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        """A cursor is the client's to send back, so it may be forged: its position must be an
        id, or the query fails in the database (a 500) instead of answering "Invalid cursor"."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not _is_id(cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor


def _is_id(position: str) -> bool:
    return position.isascii() and position.isdigit() and int(position) <= BIGINT_MAX
