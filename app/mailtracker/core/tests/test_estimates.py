"""core.estimates.fewer_than: on PostgreSQL the planner's estimate (one EXPLAIN, no count), close
enough to the rows held to tell a window of 1,000 from one of 3,000; elsewhere a count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailtracker.core.estimates import fewer_than
from mailtracker.records.models import DocumentWord


def test_fewer_than_tells_a_thousand_rows_from_three_thousand_without_counting_them(db):
    DocumentWord.objects.bulk_create(DocumentWord(word=f"w{number:04d}") for number in range(4_000))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE records_documentword")
    first, rest = (
        DocumentWord.objects.filter(word__lt="w1000"),
        DocumentWord.objects.filter(word__gte="w1000"),
    )

    with CaptureQueriesContext(connection) as queries:
        answers = [
            fewer_than(first, 1_500),
            fewer_than(first, 500),
            fewer_than(rest, 3_500),
            fewer_than(rest, 2_500),
        ]

    assert answers == [True, False, True, False]
    if connection.vendor == "postgresql":
        assert all(query["sql"].startswith("EXPLAIN") for query in queries.captured_queries)
