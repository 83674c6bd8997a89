"""The API list writes its rows directly (records.api.rows): each must be, value for value, what
DRF's generic path makes of the fields ``RecordSerializer`` declares, for records in every shape
a list shows."""

import pytest
from rest_framework.serializers import ModelSerializer

from mailtracker.records import services
from mailtracker.records.api.serializers import RecordSerializer
from mailtracker.records.models import MailRecord, Status

# Read from the clock at each request: two requests a second apart differ by one.
CLOCK_FIELD = "time_in_stage_seconds"


@pytest.fixture
def records_of_every_shape(
    api, world, make_record, pdf_upload, settings, django_capture_on_commit_callbacks
):
    """Held by two people and monitored; without dates or monitor; closed, held by nobody, with a
    completion date; and one with a processed document (thumbnail, text found by a search)."""
    settings.DOCUMENT_PROCESSING = "inline"
    make_record(
        actor=world.head, subject="Two holders", assignees=[world.officer_a, world.officer_a2],
        monitoring_officer=world.officer_a, initial_instructions="Both of you",
    )  # fmt: skip
    undated = make_record(subject="No dates", letter_date=None, due_date=None)
    MailRecord.objects.filter(pk=undated.pk).update(monitoring_officer=None)  # as imported
    closed = make_record(subject="Closed one", action_required="")
    services.record_close(actor=world.head, record=closed, remarks="Replied", end_open_parts=True)
    with_document = make_record(subject="With a scan")
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.as_(world.clerk_a).post(
            f"/api/records/{with_document.pk}/pdf/", {"file": pdf_upload()}, format="multipart"
        )
    assert answer.status_code == 201, answer.json()


def listed(api, user, query: dict) -> list[dict]:
    answer = api.as_(user).get("/api/records/", query)
    assert answer.status_code == 200
    return answer.json()["results"]


@pytest.mark.parametrize("query", [{}, {"q": "Please"}, {"status": Status.CLOSED}])
def test_each_row_is_what_the_declared_fields_make_of_the_record(
    api, world, records_of_every_shape, monkeypatch, query
):
    written = listed(api, world.officer_a, query)
    monkeypatch.setattr(RecordSerializer, "to_representation", ModelSerializer.to_representation)
    generic = listed(api, world.officer_a, query)

    assert written, "the list shows records"
    assert [list(row) for row in written] == [list(row) for row in generic]  # same keys, order
    for row, expected in zip(written, generic, strict=True):
        assert abs(row.pop(CLOCK_FIELD) - expected.pop(CLOCK_FIELD)) <= 1
        assert row == expected


def test_the_rows_compared_hold_every_shape_of_value(api, world, records_of_every_shape):
    """What the comparison above covers: a field left out of the rows or written wrongly for
    one of these shapes fails it."""
    rows = [
        row for query in ({}, {"q": "Please"}, {"status": Status.CLOSED})
        for row in listed(api, world.officer_a, query)
    ]  # fmt: skip
    assert any(row["text_match"] and row["text_match"]["page"] == 1 for row in rows)
    assert any(row["thumbnail_url"] for row in rows)
    assert any(row["has_pdf"] for row in rows)
    assert {len(row["holders"]) for row in rows} >= {0, 1, 2}
    assert any(row["monitoring_officer"] for row in rows)
    assert any(row["monitoring_officer"] is None for row in rows)
    assert any(row["due_date"] is None and row["letter_date"] is None for row in rows)
    assert any(row["completion_date"] and row["days_overdue"] is None for row in rows)
    assert any(row["is_overdue"] for row in rows)
