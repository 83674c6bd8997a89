from rest_framework.pagination import CursorPagination


class RecordCursorPagination(CursorPagination):
    """Keyset pagination on the primary key: every page, however deep, is an index range scan
    and no page runs a COUNT(*) over the whole register."""

    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
