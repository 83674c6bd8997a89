import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mailtracker.attachments.selectors import TextMatch
from mailtracker.records import selectors, services
from mailtracker.records.documents import attachment_upload
from mailtracker.records.models import MailRecord, Status
from mailtracker.records.pagination import RecordCursorPagination
from mailtracker.web import record_rows

PAGE_SIZE = RecordCursorPagination.page_size
ROW_LABELS = ("serial", "subject", "from", "status", "held_by", "in_stage", "due")

pytestmark = pytest.mark.django_db


def serials(page) -> list[str]:
    return [record.serial for record in page.context["records"]]


def test_the_register_shows_only_records_in_the_users_scope(browser_as, world, make_record):
    mine = make_record()
    make_record(actor=world.officer_c, subsection=world.sub_c, assignees=[world.officer_c])

    page = browser_as(world.clerk_a).get(reverse("web:record-list"))

    assert page.status_code == 200
    assert serials(page) == [mine.serial]


def test_the_register_searches_by_serial_and_by_words(browser_as, world, make_record):
    first = make_record(subject="Pension revision")
    make_record(subject="Office furniture")
    client = browser_as(world.clerk_a)

    assert serials(client.get(reverse("web:record-list"), {"q": first.serial})) == [first.serial]
    assert serials(client.get(reverse("web:record-list"), {"q": "furniture"})) == [
        MailRecord.objects.get(subject="Office furniture").serial
    ]


def test_the_register_filters_by_status_and_overdue(
    browser_as, world, make_record, assigned_record
):
    undated = make_record(due_date=None)
    services.record_update_action(
        actor=world.officer_a, record=undated, action_status="Under examination"
    )
    client = browser_as(world.clerk_a)
    url = reverse("web:record-list")

    assert serials(client.get(url, {"status": "assigned"})) == [assigned_record.serial]
    assert serials(client.get(url, {"status": "in_progress"})) == [undated.serial]
    assert serials(client.get(url, {"overdue": "true"})) == [assigned_record.serial]


def test_the_filter_form_is_rendered_from_the_filterset(browser_as, world, make_record):
    page = browser_as(world.section_head).get(
        reverse("web:record-list"), {"received_date_after": "yesterday"}
    )
    form = page.context["filterset"].form
    html = page.content.decode()
    for name in ("scope", "status", "overdue", "subsection", "received_date_after", "sort"):
        assert f'name="{name}"' in html
        assert f'for="{form[name].id_for_label}"' in html or name == "status"
    assert "[invalid name]" not in html
    assert f'<label for="{form["scope"].id_for_label}">Show</label>' in html
    assert form.errors["received_date_after"]  # a bad date is named beside its field
    assert 'aria-invalid="true"' in html
    with CaptureQueriesContext(connection) as queries:
        clerk = browser_as(world.clerk_a).get(reverse("web:record-list"))
    assert "subsection" not in clerk.context["filterset"].form.fields  # only one to choose
    # told by the clerk's coverage: the subsections are not read to find that out
    assert not [q for q in queries if q["sql"].startswith('SELECT "org_subsection"."id",')]


def test_the_chosen_filters_stay_selected_among_every_option(browser_as, world, make_record):
    """Every option each drop-down offers, the chosen one selected; the subsections offered
    are the section head's, listed once for the page (the chosen one is also looked up)."""
    chosen = {
        "scope": "monitored_by_me",
        "overdue": "false",
        "sort": "due",
        "subsection": str(world.sub_b.pk),
    }
    with CaptureQueriesContext(connection) as queries:
        page = browser_as(world.section_head).get(
            reverse("web:record-list"), {**chosen, "status": ["assigned", "closed"]}
        )
    form = page.context["filterset"].form
    html = page.content.decode()
    offered = {
        name: [str(value) for value, _label in form.fields[name].widget.choices]
        for name in ("scope", "overdue", "sort")
    }
    offered["subsection"] = ["", str(world.sub_a.pk), str(world.sub_b.pk)]
    for name, value in chosen.items():
        select = html[html.index(f'<select name="{name}"') :]
        select = select[: select.index("</select>")]
        assert re.findall(r'<option value="([^"]*)"', select) == offered[name]
        assert re.findall(r'<option value="([^"]*)" selected>', select) == [value]
    assert f">{world.sub_b}</option>" in html
    assert re.findall(r'"checkbox" name="status" value="(\w+)"', html) == Status.values
    checked = re.findall(r'"checkbox" name="status" value="(\w+)"[^>]* checked', html)
    assert checked == ["assigned", "closed"]
    listed = [q["sql"] for q in queries if 'FROM "org_subsection"' in q["sql"]]
    assert len([sql for sql in listed if '"org_subsection"."id" =' not in sql]) == 1


def test_the_filters_stay_the_pages_after_the_api_schema_was_served(browser_as, world, api):
    """drf-spectacular builds the fields of the filters the API and the page share: the page's
    checkboxes and subsections must not depend on whether that happened first."""
    client = browser_as(world.section_head)
    assert api.as_(world.head).get(reverse("schema")).status_code == 200
    html = client.get(reverse("web:record-list")).content.decode()
    assert re.findall(r'"checkbox" name="status" value="(\w+)"', html) == Status.values
    assert '<select name="status"' not in html
    subsections = html[html.index('<select name="subsection"') :]
    subsections = subsections[: subsections.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', subsections) == [
        "",
        str(world.sub_a.pk),
        str(world.sub_b.pk),
    ]


def test_overdue_rows_are_highlighted_and_pdfs_are_marked(
    browser_as, world, make_record, pdf_upload
):
    record = make_record(due_date=date(2026, 3, 20))
    attachment_upload(actor=world.clerk_a, record=record, upload=pdf_upload(), stage="created")

    page = browser_as(world.clerk_a).get(reverse("web:record-list"))

    assert b'<tr class="is-overdue">' in page.content
    assert (
        b'<span class="status status-assigned">Assigned</span> <span class="overdue-flag">Overdue'
        in page.content
    )
    assert b'class="due-phrase late"' in page.content
    assert b'aria-label="PDF attached"' in page.content


@pytest.mark.parametrize(("zone", "offset"), [("UTC", "+00:00"), ("Asia/Kolkata", "+05:30")])
def test_the_register_gives_machine_readable_times_in_the_offices_zone(
    browser_as, world, make_record, settings, zone, offset
):
    settings.TIME_ZONE = zone
    record = make_record(due_date=date(2026, 3, 20))
    stage_since = timezone.localtime(record.stage_since).isoformat()

    html = browser_as(world.clerk_a).get(reverse("web:record-list")).content.decode()

    assert stage_since.endswith(offset)
    assert f'<time datetime="{stage_since}">' in html
    assert '<time datetime="2026-03-20">20 Mar 2026</time>' in html


def test_the_register_pages_older_and_newer_without_counting_or_offsets(
    browser_as, world, make_record
):
    for number in range(PAGE_SIZE + 2):
        make_record(subject=f"Letter {number}")
    client = browser_as(world.clerk_a)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("web:record-list"))
    older = client.get(first.context["forward_link"])
    newer = client.get(older.context["back_link"])
    oldest = client.get(reverse("web:record-list"), {"sort": "oldest"})

    year = timezone.localdate().year
    assert len(serials(first)) == PAGE_SIZE
    assert b"Older \xe2\x86\x92" in first.content
    assert not first.context["back_link"]
    assert serials(older) == [f"{year}/002", f"{year}/001"]
    assert not older.context["forward_link"]
    assert serials(newer) == serials(first)
    assert serials(oldest)[0] == f"{year}/001"
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


def test_the_register_jumps_to_a_date_in_the_chosen_order(browser_as, world, make_record):
    received = {
        day: make_record(received_date=date(2026, 3, day), letter_date=None) for day in (2, 5, 9)
    }
    client = browser_as(world.clerk_a)
    url = reverse("web:record-list")

    by_received = client.get(url, {"sort": "received", "go_to_date": "2026-03-06"})
    assert serials(by_received) == [received[5].serial, received[2].serial]
    assert by_received.context["back_link"]  # the later ones are a page back
    bad = client.get(url, {"sort": "received", "go_to_date": "2026-02-30"})
    assert bad.context["paging_error"] == "Enter a date as YYYY-MM-DD."
    assert len(serials(bad)) == 3


def test_the_export_links_carry_the_current_filter(browser_as, world, make_record):
    make_record(subject="Pension revision")
    make_record(subject="Office furniture")
    client = browser_as(world.clerk_a)

    page = client.get(
        reverse("web:record-list"), {"q": "furniture", "go_to_date": "2026-03-01", "sort": "due"}
    )
    assert page.context["export_query"] == "q=furniture"
    exported = client.get(f"{reverse('record-export-csv')}?{page.context['export_query']}")

    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert exported.status_code == 200
    assert [row[4] for row in rows[1:]] == ["Office furniture"]
    assert client.get(reverse("record-export-pdf"), {"q": "furniture"}).content.startswith(b"%PDF-")


def test_an_empty_register_says_so(browser_as, world):
    page = browser_as(world.clerk_a).get(reverse("web:record-list"))
    assert b"The register is empty." in page.content
    filtered = browser_as(world.clerk_a).get(reverse("web:record-list"), {"q": "nothing"})
    assert b"No record matches these filters." in filtered.content


def test_a_subsection_chosen_on_the_register_is_listed_by_its_own_condition(
    browser_as, world, make_record
):
    """A section head's subsection lies inside their scope: the page lists it by the
    subsection's condition alone. Someone offered no subsection filter (one subsection) who
    puts one in the address still sees everything they may, the record they hold elsewhere
    too: the page narrows only by the filters it offers."""
    in_a = make_record()
    in_b = make_record(actor=world.head, subsection=world.sub_b, assignees=[world.officer_b])
    elsewhere = make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_a])
    url = reverse("web:record-list")

    with CaptureQueriesContext(connection) as queries:
        page = browser_as(world.section_head).get(url, {"subsection": world.sub_a.pk})
    assert serials(page) == [in_a.serial]
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]][-1]
    assert "ANY(" not in listing
    assert "subsection_id" in listing

    page = browser_as(world.officer_a).get(url, {"subsection": world.sub_a.pk})
    assert set(serials(page)) == {in_a.serial, elsewhere.serial}
    assert in_b.serial not in serials(page)


def test_every_value_a_row_writes_is_escaped(world, make_record):
    """The rows are written in Python (web.record_rows): whatever a record, a person or a
    document is called reaches the page as text, never as markup."""
    hostile = '<img src=x onerror="alert(1)">'
    world.officer_a.first_name = hostile
    world.officer_a.save()
    make_record(subject=f"Subject {hostile}", from_office=f"Office {hostile}")
    [record] = selectors.record_rows(world.clerk_a)
    record.text_match = TextMatch(
        attachment_id="a", document_name=hostile, page=1, before=hostile, found=hostile,
        after=hostile,
    )  # fmt: skip
    labels = dict.fromkeys(ROW_LABELS, hostile)

    html = record_rows.table_rows([record], labels)

    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") == 14
