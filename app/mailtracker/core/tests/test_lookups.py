"""``__any_of``: the ids a user may see outside their scope go to PostgreSQL as one array of the
column's type (one parameter however many; hashed for a row-by-row test), with the same rows as
``__in``; a subquery's ids as an array PostgreSQL builds once before the statement."""

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from mailtracker.core.lookups import AnyOf
from mailtracker.org.models import Subsection
from mailtracker.records import services
from mailtracker.records.models import MailRecord
from mailtracker.records.selectors import records_visible_to


def test_the_records_held_outside_the_scope_go_as_one_typed_array_and_are_seen(world, make_record):
    outside = [
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
        for _ in range(3)
    ]
    for record in outside[:2]:
        services.record_assign(actor=world.head, record=record, assignees=[world.officer_a])
    in_scope = make_record()

    with CaptureQueriesContext(connection) as queries:
        seen = set(records_visible_to(world.officer_a).values_list("pk", flat=True))

    assert seen == {outside[0].pk, outside[1].pk, in_scope.pk}
    listing = queries.captured_queries[-1]["sql"]
    assert "= ANY(" in listing
    assert "::bigint[]" in listing


def test_an_empty_list_matches_nothing_and_a_list_matches_as_in(world, make_record):
    records = [make_record() for _ in range(3)]
    assert not MailRecord.objects.filter(pk__any_of=[]).exists()
    chosen = [records[0].pk, records[2].pk]
    assert set(MailRecord.objects.filter(pk__any_of=chosen).values_list("pk", flat=True)) == set(
        MailRecord.objects.filter(pk__in=chosen).values_list("pk", flat=True)
    )


def test_a_subquerys_ids_match_as_in_and_go_to_postgresql_as_an_array_built_once(
    world, make_record
):
    in_c = make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
    in_a = make_record()
    outside_a = Subsection.objects.exclude(pk=world.sub_a.pk).order_by().values("pk")

    with CaptureQueriesContext(connection) as queries:
        found = list(
            MailRecord.objects.filter(AnyOf(F("subsection_id"), outside_a)).values_list(
                "pk", flat=True
            )
        )

    assert found == [in_c.pk]
    assert in_a.pk not in found
    if connection.vendor == "postgresql":  # an index probe per id, not a join
        assert "= ANY(ARRAY(SELECT" in queries.captured_queries[-1]["sql"]
