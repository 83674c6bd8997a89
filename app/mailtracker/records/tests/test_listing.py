"""Filters, search, pagination and exports of the register."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailtracker.attachments import search
from mailtracker.attachments.models import PdfAttachment
from mailtracker.records import filters, selectors, services
from mailtracker.records.documents import attachment_remove, attachment_upload
from mailtracker.records.filters import DATE_FIELDS
from mailtracker.records.models import MailRecord
from mailtracker.records.sorts import SORTS

RECORDS = "/api/records/"


def serials(response):
    assert response.status_code == 200, response.content
    return [item["serial"] for item in response.json()["results"]]


@pytest.fixture
def register(world, make_record):
    today = timezone.localdate()
    overdue = make_record(
        assignees=[world.officer_a2],
        subject="Overdue pension case",
        received_date=today - timedelta(days=30),
        letter_date=today - timedelta(days=31),
        due_date=today - timedelta(days=1),
    )
    open_ = make_record(
        assignees=[world.officer_a2],
        subject="Stores inspection",
        from_office="Public Works",
        letter_number="PW/77",
        received_date=today,
        letter_date=today,
        due_date=today + timedelta(days=10),
    )
    closed = make_record(
        assignees=[world.officer_a2],
        subject="Closed audit para",
        received_date=today - timedelta(days=60),
        letter_date=today - timedelta(days=61),
        due_date=today - timedelta(days=40),
    )
    services.record_close(actor=world.officer_a2, record=closed, remarks="Answered")
    mine = make_record(
        actor=world.officer_a,
        assignees=[world.officer_a2],
        subject="Leave claim",
        received_date=today,
        letter_date=today,
        due_date=None,
    )
    services.record_assign(actor=world.head, record=open_, assignees=[world.officer_a])
    return {"overdue": overdue, "open": open_, "closed": closed, "mine": mine}  # fmt: skip


def test_the_newest_record_comes_first(api, world, register):
    assert serials(api.as_(world.head).get(RECORDS))[0] == register["mine"].serial


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scope=assigned_to_me", {"open"}),
        ("scope=created_by_me", {"mine"}),
        ("scope=closed", {"closed"}),
        ("status=closed", {"closed"}),
        ("status=created&status=assigned", {"overdue", "open", "mine"}),
        ("overdue=true", {"overdue"}),
        ("q=pension", {"overdue"}),
        ("q=PUBLIC", {"open"}),
        ("q=pw/77", {"open"}),
        ("q=77", {"open"}),  # part of a letter number finds it
        ("q=LN/2026", {"overdue", "closed", "mine"}),
    ],
)
def test_filters_and_search_narrow_the_list(api, world, register, query, expected):
    response = api.as_(world.officer_a).get(f"{RECORDS}?{query}")
    assert set(serials(response)) == {register[key].serial for key in expected}


def test_search_by_serial_finds_exactly_that_record(api, world, register):
    year, number = register["open"].serial.split("/")
    response = api.as_(world.head).get(f"{RECORDS}?q={year}/{int(number)}")
    assert serials(response) == [register["open"].serial]


def test_a_reference_is_found_whole_though_its_words_are_searched_apart(api, world, make_record):
    """``L/12345`` is asked of the trigram indexes as the word ``12345`` alone (its padded
    trigrams would read a posting list of every word starting with a 1), and each record the
    word finds is then checked for the whole reference."""
    wanted = make_record(letter_number="L/12345")
    make_record(letter_number="LN/12345")
    make_record(subject="Reply to L of case 12345", from_office="12345 L/ Office")
    with CaptureQueriesContext(connection) as queries:
        response = api.as_(world.head).get(f"{RECORDS}?q=l/12345")
    assert serials(response) == [wanted.serial]
    listed = "\n".join(query["sql"] for query in queries)
    assert "'%12345%'" in listed
    assert "'%l/12345%'" not in listed


def test_a_reference_with_short_words_goes_to_the_index_whole(api, world, make_record):
    """``AG/2026`` has two trigrams inside its words, both in every letter number of the year:
    its padded trigrams (``" ag"``, ``"  2"``) are what narrows it."""
    wanted = make_record(letter_number="F.12(3)/AG/2026-27")
    make_record(letter_number="F.12(3)/AG/2025-26")
    with CaptureQueriesContext(connection) as queries:
        response = api.as_(world.head).get(f"{RECORDS}?q=AG/2026")
    assert serials(response) == [wanted.serial]
    assert "'%AG/2026%'" in "\n".join(query["sql"] for query in queries)


def test_received_date_range_filter(api, world, register):
    today = timezone.localdate()
    response = api.as_(world.head).get(
        f"{RECORDS}?received_date_after={today - timedelta(days=45)}&received_date_before={today}"
    )
    assert set(serials(response)) == {register[key].serial for key in ("overdue", "open", "mine")}


def test_a_bad_filter_value_is_a_400(api, world, register):
    assert api.as_(world.head).get(f"{RECORDS}?status=lost").status_code == 400
    assert api.as_(world.head).get(f"{RECORDS}?received_date_after=yesterday").status_code == 400


def test_filters_never_widen_the_scope(api, world, register, make_record):
    other = make_record(
        actor=world.officer_c, subsection=world.sub_c, assignees=[world.officer_c],
        subject="Pension in C",
    )  # fmt: skip
    response = api.as_(world.officer_a).get(
        f"{RECORDS}?q=pension&section={world.accounts_section.pk}"
    )
    assert other.serial not in serials(response)


def test_pages_follow_each_other_without_counting_the_table(api, world, make_record):
    made = [make_record(subject=f"Letter {n}").serial for n in range(7)]
    client = api.as_(world.head)
    page = client.get(f"{RECORDS}?page_size=3").json()
    seen = [item["serial"] for item in page["results"]]
    assert "count" not in page
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [item["serial"] for item in page["results"]]
    assert seen == list(reversed(made))


def test_a_section_heads_to_assign_filter_lists_open_records_nobody_holds(api, world, register):
    step = register["open"].assignments.get(assignee=world.officer_a)
    services.assignment_revoke(actor=world.head, assignment=step, reason="Wrong person")
    assert serials(api.as_(world.section_head).get(f"{RECORDS}?scope=to_assign")) == []
    register["mine"].assignments.update(state="revoked")  # as an import leaves a record
    response = api.as_(world.section_head).get(f"{RECORDS}?scope=to_assign")
    assert serials(response) == [register["mine"].serial]


def test_rule_5_every_export_names_every_holder_with_the_date_they_got_it(api, world, make_record):
    import pypdfium2 as pdfium

    make_record(subject="Shared letter", actor=world.section_head,
                assignees=[world.officer_a, world.officer_a2])  # fmt: skip
    rows = list(
        csv.reader(
            io.StringIO(
                api.as_(world.head).get(f"{RECORDS}export/csv/").content.decode("utf-8-sig")
            )
        )
    )
    held_by = rows[1][rows[0].index("Held by")]
    today = timezone.localdate().isoformat()
    assert held_by == f"Officer A (SrAO) since {today}; Officer A2 (Officer) since {today}"
    pdf = api.as_(world.head).get(f"{RECORDS}export/pdf/").content
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_bounded()
    assert "Officer A2" in text
    assert "Officer A (SrAO)" in text


def test_the_csv_export_holds_the_filtered_rows_and_defuses_formulas(api, world, make_record):
    make_record(subject='=HYPERLINK("http://example.invalid")', from_office="+Sender")
    make_record(subject="Closed one")
    response = api.as_(world.head).get(f"{RECORDS}export/csv/?q=hyperlink")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Serial", "Received"]
    assert len(rows) == 2
    assert rows[1][4].startswith("'=")
    assert rows[1][3] == "'+Sender"


def test_the_pdf_export_is_a_pdf_listing_the_rows(api, world, make_record):
    import pypdfium2 as pdfium

    make_record(subject="Pension revision")
    response = api.as_(world.officer_a).get(f"{RECORDS}export/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = pdfium.PdfDocument(response.content)[0].get_textpage().get_text_bounded()
    assert "Pension revision" in text


def test_exports_need_a_login(api):
    assert api.get(f"{RECORDS}export/csv/").status_code == 401
    assert api.get(f"{RECORDS}export/pdf/").status_code == 401


def test_overdue_and_time_in_stage_are_reported(api, world, register):
    data = api.as_(world.head).get(f"{RECORDS}{register['overdue'].pk}/").json()
    assert data["is_overdue"] is True
    assert data["time_in_stage_seconds"] >= 0
    closed = api.as_(world.head).get(f"{RECORDS}{register['closed'].pk}/").json()
    assert closed["is_overdue"] is False  # closed records are never overdue


def test_a_record_due_today_is_not_yet_overdue(make_record):
    record = make_record(
        received_date=date.today(), letter_date=date.today(), due_date=timezone.localdate()
    )
    assert record.is_overdue is False


def test_the_counts_by_status_follow_every_write_bulk_ones_too(world, make_record):
    from mailtracker.records.models import StatusCount
    from mailtracker.records.selectors import record_figures

    def record_status_counts(user):
        return record_figures(user)[0]

    def real():
        return {s: MailRecord.objects.filter(status=s).count() for s in ("assigned", "closed")}

    first, second = make_record(), make_record()
    services.record_close(actor=world.officer_a, record=first, remarks="Answered")
    assert {k: record_status_counts(world.head)[k] for k in real()} == real() == {
        "assigned": 1, "closed": 1,
    }  # fmt: skip
    MailRecord.objects.filter(pk=second.pk).update(status="closed")  # a bulk write
    first.refresh_from_db()
    services.record_reopen(actor=world.head, record=first, reason="Reply bounced")
    counts = record_status_counts(world.head)
    assert (counts["closed"], counts["in_progress"], counts["assigned"]) == (1, 1, 0)
    assert sum(row.count for row in StatusCount.objects.all()) == MailRecord.objects.count()
    assert record_status_counts(world.officer_c)["in_progress"] == 0  # not in their scope


def test_the_api_sorts_and_jumps_to_a_date_by_cursor(api, world, make_record):
    due = {day: make_record(due_date=date(2026, 4, day)) for day in (20, 3, 11)}
    undated = make_record(due_date=None)
    client = api.as_(world.head)

    assert serials(client.get(f"{RECORDS}?sort=due")) == [
        due[3].serial, due[11].serial, due[20].serial, undated.serial,
    ]  # fmt: skip
    jumped = client.get(f"{RECORDS}?sort=due&go_to_date=2026-04-11&page_size=1").json()
    assert [item["serial"] for item in jumped["results"]] == [due[11].serial]
    assert "go_to_date" not in jumped["next"]
    assert [item["serial"] for item in client.get(jumped["next"]).json()["results"]] == [
        due[20].serial
    ]
    assert client.get(f"{RECORDS}?sort=due&go_to_date=2026-13-01").status_code == 400
    assert client.get(f"{RECORDS}?sort=sideways").status_code == 400


def _pages(client, url, link="next"):
    """Each page of a list from ``url`` on, following its ``link`` as a client does."""
    seen = set()
    while url:
        assert url not in seen, f"the list came back to {url}"
        seen.add(url)
        page = client.get(url).json()
        yield page
        url = page[link]


def _page_serials(page) -> list[str]:
    return [item["serial"] for item in page["results"]]


def _every_page(client, url):
    """Serials of a list read page by page, following the links as a client does."""
    return [serial for page in _pages(client, url) for serial in _page_serials(page)]


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("field", DATE_FIELDS)
def test_a_narrow_window_of_dates_read_first_lists_what_the_walk_lists(
    api, world, register, make_record, monkeypatch, field, sort
):
    """records.filters reads a narrow window of dates before sorting instead of walking the
    sort's index; the same records must come in the same order, page after page."""
    today = timezone.localdate()
    for days in range(0, 70, 7):
        make_record(
            received_date=today - timedelta(days=days),
            letter_date=today - timedelta(days=days + 1),
            due_date=today + timedelta(days=30 - days),
        )
    window = f"{field}_after={today - timedelta(days=45)}&{field}_before={today}"
    url = f"{RECORDS}?{window}&sort={sort}&page_size=2"
    client = api.as_(world.head)
    read_first = _every_page(client, url)
    monkeypatch.setattr(filters, "NARROW_WINDOW", 0)  # every window walks the sort's index
    walked = _every_page(client, url)
    assert read_first == walked
    assert len(read_first) > 2  # more than one page


def _pages_both_ways(client, url):
    """Each page's serials forward from ``url``, then back from the last page."""
    forward = list(_pages(client, url))
    back = _pages(client, forward[-1]["previous"], link="previous")
    return [_page_serials(page) for page in forward], [_page_serials(page) for page in back]


def _page_statement(client, url, *, page_size: int) -> str:
    """The statement that read a list's page (one record past the page, for the next link)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if f"LIMIT {page_size + 1}" in q["sql"]][-1]


def _read_first_in_halves(page: str) -> str | None:
    """The places' half of a page read first in halves, once checked: on PostgreSQL it asks
    for its places as an array and names none of the ids seen elsewhere, which the other half
    sends as an array PostgreSQL cannot count. None on SQLite, which cannot order and limit
    each half of a UNION and reads the page in one."""
    if connection.vendor != "postgresql":
        assert "UNION" not in page
        return None
    places, seen = page.split(" UNION ALL ")
    assert '_id" = ANY(' in places
    assert '"id" = ANY(' not in places  # the letters held elsewhere: the other half's
    assert seen.count("= ANY(ARRAY(SELECT unnest(") == 1  # twice: every pair looked up
    return places


def _pages_in_parts(client, url, monkeypatch) -> list[list[str]]:
    """The pages forward of a list read in parts (selectors._in_parts), after checking that
    they, forward and back, are those of the same list read through its whole scope."""
    parts = _pages_both_ways(client, url)
    with monkeypatch.context() as whole:
        whole.setattr(selectors, "_read_in_parts", lambda page: False)
        assert parts == _pages_both_ways(client, url)
    forward, back = parts
    assert back == forward[-2::-1]
    return forward


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_a_window_of_the_register_read_first_chooses_its_page_by_id_then_fetches_it(
    api, world, make_record, monkeypatch, sort
):
    """The head's window of dates is read first and sorted: each page's records are chosen by
    their ids alone (selectors.PAGE_BY_IDS), then fetched by id; the pages, forward and back,
    are those of the same list read in one statement."""
    today = timezone.localdate()
    for days in range(0, 40, 4):
        make_record(received_date=today - timedelta(days=days), due_date=today + timedelta(days))
    # A window on a date the sort does not start at, too wide for a walk to find its page early
    # (at a million records: the head's letters due from a month ago on, 28,477).
    field = "received_date" if sort == "due" else "due_date"
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)
    url = f"{RECORDS}?{field}_after={today - timedelta(days=36)}&sort={sort}&page_size=3"
    client = api.as_(world.head)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    chosen = [q["sql"] for q in queries if "LIMIT 4" in q["sql"]]
    assert len(chosen) == 1
    assert chosen[0].startswith('SELECT "records_mailrecord"."id" AS "pk" FROM'), chosen[0]
    assert any('"records_mailrecord"."subject"' in q["sql"] and "LIMIT" not in q["sql"]
               for q in queries)  # fmt: skip
    by_ids = _pages_both_ways(client, url)

    monkeypatch.setattr(filters.RecordFilter, "_window_of_the_register", lambda self: False)
    assert by_ids == _pages_both_ways(client, url)
    forward, back = by_ids
    assert len(forward) == 4  # ten records, three a page
    assert back == forward[-2::-1]


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_a_rare_search_read_first_lists_what_the_walk_lists(
    api, world, register, make_record, monkeypatch, sort
):
    """A search found among few of the first records of the order is read through its
    indexes and sorted (records.filters.WALK_PROBE): the same records in the same order as
    the walk along the sort's index, page after page."""
    today = timezone.localdate()
    for days in range(0, 40, 4):
        make_record(
            subject="Gratuity claim" if days % 8 == 0 else "Stores return",
            received_date=today - timedelta(days=days),
            due_date=today + timedelta(days=days % 12),
        )
    url = f"{RECORDS}?q=gratuity&sort={sort}&page_size=2"
    client = api.as_(world.head)
    read_first = _every_page(client, url)
    monkeypatch.setattr(filters, "WALK_HITS", 0)  # every search walks the sort's index
    walked = _every_page(client, url)
    assert read_first == walked
    assert len(read_first) == 5


def _sorted_after_reading(client, url) -> bool:
    """Whether the list's page was read by sorting what the filters chose (the order on a key
    no index has) rather than by walking the sort's index."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    pages = [q["sql"] for q in queries if "LIMIT 3" in q["sql"] and "ORDER BY" in q["sql"]]
    assert pages, [q["sql"] for q in queries]
    return "_unindexed" in pages[-1]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize(
    ("person", "place"), [("clerk_a", "subsection"), ("section_head", "section")]
)
def test_a_window_of_dates_in_a_scope_is_read_from_the_places_range_of_that_date(
    api, world, make_record, field, person, place
):
    """records.models: a clerk's (or a section head's) letters of the last weeks can be read as
    one range of the (subsection, date) (or (section, date)) index. Which index PostgreSQL
    picks for a few dozen rows says nothing of a million (the bench measures that: 13.3 -> 2.3
    ms for an auditor's), so the other indexes are dropped inside the test's transaction and
    the list's own statement must still be answered from that range."""
    today = timezone.localdate()
    for days in range(30):
        day = today - timedelta(days=days)
        for subsection in (world.sub_a, world.sub_c):  # the scope's, another section's
            make_record(
                actor=world.head,
                subsection=subsection,
                assignees=[world.officer_c],  # nothing held outside the scope
                received_date=day,
                letter_date=day,
                due_date=day + timedelta(days=7),
            )
    with CaptureQueriesContext(connection) as queries:
        response = api.as_(getattr(world, person)).get(
            f"{RECORDS}?{field}_after={today - timedelta(days=7)}&sort=waiting"
        )
    assert len(serials(response)) == (15 if field == "due_date" else 8)
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT 26" in q["sql"]][-1]
    expected = f"record_{place}_{field.removesuffix('_date')}"
    plan = "\n".join(_plans_with_only_index(expected, [listing])[0])
    assert f"Index Scan using {expected}" in plan or f"Bitmap Index Scan on {expected}" in plan, (
        plan
    )


def _plans_with_only_index(index: str, statements: list[str]) -> list[list[str]]:
    """The plans (lines) of these statements once every other index of the records but the
    primary key is dropped (rolled back with the test) and sequential scans are off, on
    statistics taken now (autovacuum may or may not have taken them during the test run)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE records_mailrecord")
        cursor.execute(
            "SELECT index.relname FROM pg_index JOIN pg_class index ON index.oid = indexrelid"
            " WHERE indrelid = 'records_mailrecord'::regclass AND NOT indisunique"
            " AND index.relname <> %s",
            [index],
        )
        for (other,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{other}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        for statement in statements:
            cursor.execute(f"EXPLAIN {statement}")
            plans.append([row[0] for row in cursor.fetchall()])
    return plans


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize(("sort", "bound"), [("newest", "before"), ("oldest", "after")])
@pytest.mark.parametrize(
    ("person", "index"),
    [
        ("head", "record_id_dates"),
        ("section_head", "record_section_id_dates"),
        ("clerk_a", "record_subsection_id_dates"),
    ],
)
def test_a_walk_in_id_order_past_a_window_tests_the_dates_in_its_index(
    api, world, make_record, monkeypatch, field, sort, bound, person, index
):
    """records.models: letters of a window of dates that the walk in id order enters late
    (dated before last month, newest first) are walked along the (id, dates) index, or the
    (section or subsection, id, dates) index of each place of the scope, which tests the
    window on its entries: the records outside it are not fetched. The other indexes are
    dropped inside the test's transaction (which index PostgreSQL picks for a few dozen rows
    says nothing of a million), the primary key stays."""
    monkeypatch.setattr(filters, "NARROW_WINDOW", 1)  # every window wide: walked
    today = timezone.localdate()
    for days in range(40):
        day = today - timedelta(days=days)
        make_record(received_date=day, letter_date=day, due_date=day + timedelta(days=2))
    # A window of a few records at the far end of the walk: most of those passed lie outside.
    cut = today - timedelta(days=33 if bound == "before" else 6)
    client = api.as_(getattr(world, person))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{RECORDS}?{field}_{bound}={cut}&sort={sort}")
    within = MailRecord.objects.filter(**{f"{field}__{'lte' if bound == 'before' else 'gte'}": cut})
    listed = within.order_by("-id" if sort == "newest" else "id")[:25]
    assert serials(response) == [record.serial for record in listed]
    assert 3 < within.count() < 10
    walks = [q["sql"] for q in queries if 'ORDER BY "records_mailrecord"."id"' in q["sql"]]
    walks += [q["sql"] for q in queries if "UNION" in q["sql"] and "ORDER BY" in q["sql"]]
    assert walks
    window = f"{field} {'<=' if bound == 'before' else '>='} "
    for plan in _plans_with_only_index(index, walks):
        # Walked along the index, or, for so few records, its matches read and sorted.
        assert any(f"using {index} on" in line or f"Scan on {index} " in line for line in plan), (
            plan
        )
        assert any("Index Cond:" in line and window in line for line in plan), plan


def test_a_search_is_walked_when_the_start_of_the_order_holds_enough_of_it(api, world, make_record):
    client = api.as_(world.head)
    for number in range(filters.WALK_HITS - 1):
        make_record(subject=f"Gratuity claim {number}")
    make_record(subject="Stores return")
    url = f"{RECORDS}?q=gratuity&page_size=2"
    assert _sorted_after_reading(client, url)  # too few among the first records: read first
    make_record(subject="Gratuity claim, the last")
    assert not _sorted_after_reading(client, url)
    assert not _sorted_after_reading(client, f"{RECORDS}?page_size=2")  # no search: walked


def test_an_officers_search_is_judged_by_the_start_of_their_own_records(
    api, world, make_record, monkeypatch
):
    """Newest first, an officer's list walks the index of their subsection: whether a search
    is walked depends on how often it is found among their newest records, not among the
    register's (where the newest may all be other sections')."""
    monkeypatch.setattr(filters, "WALK_PROBE", filters.WALK_HITS + 1)
    for number in range(filters.WALK_HITS):
        make_record(subject=f"Gratuity claim {number}")  # subsection A, officer A's
    for _ in range(filters.WALK_PROBE):
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
    url = f"{RECORDS}?q=gratuity&sort=newest&page_size=2"
    assert not _sorted_after_reading(api.as_(world.officer_a), url)
    assert _sorted_after_reading(api.as_(world.head), url)  # the register's newest: none
    assert not _sorted_after_reading(api.as_(world.head), f"{url}&subsection={world.sub_a.pk}")


def test_an_officers_walk_is_judged_by_their_subsection_alone_not_by_letters_held_elsewhere(
    api, world, make_record, monkeypatch
):
    """The probe looks at the first records of the officer's subsection only: the few letters
    they hold in other subsections are not on the index their list walks."""
    monkeypatch.setattr(filters, "WALK_PROBE", filters.WALK_HITS + 1)
    for _ in range(filters.WALK_PROBE):
        make_record(subject="Stores return")  # subsection A, officer A's
    elsewhere = [
        make_record(
            actor=world.head,
            subsection=world.sub_c,
            assignees=[world.officer_a],
            subject=f"Gratuity claim {number}",
        )
        for number in range(filters.WALK_HITS)
    ]
    client = api.as_(world.officer_a)
    url = f"{RECORDS}?q=gratuity&sort=newest&page_size=2"
    assert _every_page(client, url) == [record.serial for record in elsewhere[::-1]]
    assert _sorted_after_reading(client, url)


def test_an_auditors_walk_is_judged_by_the_newest_records_of_both_subsections_merged(
    api, world, make_record, monkeypatch
):
    """Two subsections are two indexes: the probe reads the first records of each along its
    own index and merges them (with both in one condition PostgreSQL walks the primary key
    past every other subsection's records)."""
    monkeypatch.setattr(filters, "WALK_PROBE", filters.WALK_HITS + 1)
    world.auditor_a.audited_subsections.add(world.sub_c)

    def letters(subject, subsections):
        return [
            make_record(actor=world.head, subsection=subsection, subject=f"{subject} {number}")
            for number in range(3)
            for subsection in subsections
        ]

    claims = letters("Gratuity claim", (world.sub_a, world.sub_c))
    letters("Stores return", (world.sub_b,))  # newer, not audited
    client = api.as_(world.auditor_a)
    url = f"{RECORDS}?q=gratuity&sort=newest&page_size=2"
    with CaptureQueriesContext(connection) as queries:
        assert _every_page(client, url) == [record.serial for record in claims[::-1]]
    assert any("UNION ALL" in query["sql"] for query in queries)
    assert not _sorted_after_reading(client, url)  # the six newest audited are all claims

    letters("Stores return", (world.sub_a, world.sub_c))  # now the six newest audited
    assert _every_page(client, url) == [record.serial for record in claims[::-1]]
    assert _sorted_after_reading(client, url)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("person", ["section_head", "officer_a"])
def test_a_scope_with_letters_held_elsewhere_is_walked_in_id_order_as_two_halves_merged(
    api, world, make_record, monkeypatch, person, sort
):
    """A list in id order through a scope OR'd with the ids of letters seen outside it reads
    the places and those ids apart, merged in one statement (places.PlacesOrSeen): on
    PostgreSQL the places' half names none of the ids, so it walks their own index. The pages,
    forward and back, are those of the list read through the OR."""
    for number in range(4):
        make_record(subject=f"Stores return {number}")  # subsection A: in both scopes
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_a])
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
    client = api.as_(getattr(world, person))
    url = f"{RECORDS}?sort={sort}&page_size=3"

    page = _page_statement(client, url, page_size=3)
    if connection.vendor == "postgresql":
        places, seen = page.split(" UNION ALL ")
        assert "= ANY(" not in places
        assert "= ANY(" in seen
    else:  # SQLite cannot order and limit each half of a UNION
        assert "UNION" not in page
    forward = _pages_in_parts(client, url, monkeypatch)
    assert sum(len(serials) for serials in forward) == 8  # four of A, four held by officer A


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize(
    ("person", "chosen"),
    [("officer_a", "q=gratuity"), ("officer_a", "window"), ("section_head", "window")],
)
def test_a_list_read_first_through_a_scope_with_letters_held_elsewhere_reads_each_half_apart(
    api, world, make_record, monkeypatch, person, chosen, sort
):
    """A list read first (a search, a window of dates) through a scope OR'd with the ids of
    more than ``FEW_SEEN_IDS`` letters seen outside it reads the places and the ids apart,
    merged in one statement: on PostgreSQL the places' half asks for its places as an array
    (the search's and the window's indexes on a place take one), and the ids' half sends the
    ids as an array PostgreSQL cannot count, so it reads them by id. The pages, forward and
    back, are those of the list read through the OR. With fewer ids, or a search of a
    serial (one record at most), the scope stays one condition."""
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)  # never found early
    monkeypatch.setattr(filters, "NARROW_WINDOW", 10**6)  # every window narrow: read first
    monkeypatch.setattr(selectors, "FEW_SEEN_IDS", 3)  # four letters held elsewhere are many
    today = timezone.localdate()
    for number in range(4):
        claim = {
            "subject": f"Gratuity claim {number}",
            "letter_date": today - timedelta(number),
            "received_date": today - timedelta(number),
            "due_date": today + timedelta(number),
        }
        make_record(**claim)  # subsection A: in both scopes
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_a], **claim)
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c], **claim)
        make_record(  # neither searched for nor in the window
            subject="Stores return",
            letter_date=today - timedelta(days=501),
            received_date=today - timedelta(days=500),
            due_date=today - timedelta(days=400),
        )
    client = api.as_(getattr(world, person))
    # A date no sort starts at: a window on it is read first in every order.
    window = f"letter_date_after={today - timedelta(10)}"
    narrowed = "q=gratuity" if chosen == "q=gratuity" else window
    url = f"{RECORDS}?{narrowed}&sort={sort}&page_size=3"

    page = _page_statement(client, url, page_size=3)
    _read_first_in_halves(page)
    forward = _pages_in_parts(client, url, monkeypatch)
    assert sum(len(serials) for serials in forward) == 8  # four of A, four held elsewhere

    held_elsewhere = forward[0][0] if sort == "newest" else forward[-1][-1]
    for fewer, narrowed_to in [(4, narrowed), (3, f"q={held_elsewhere}")]:
        monkeypatch.setattr(selectors, "FEW_SEEN_IDS", fewer)
        url = f"{RECORDS}?{narrowed_to}&sort={sort}&page_size=3"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("UNION" in query["sql"] for query in queries)


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("held_elsewhere", [True, False])
def test_a_section_heads_search_is_read_in_arms_and_letters_held_elsewhere_apart(
    api, world, make_record, monkeypatch, sort, held_elsewhere
):
    """A section head's search of a word, read first, is asked per subsection of their
    section in two arms (places.SearchArms): the documents' words named with their
    subsection, and the letter number, subject (through the index of each subsection's
    trigrams) and sender of the records whose documents do not hold the word; the letters
    their staff hold elsewhere are a part of their own, read by id. The parts merged page
    both ways as the list read through the whole OR, each record once (the subject and the
    documents of some hold the word both)."""
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)  # never found early
    for number in range(4):
        claim = make_record(subject=f"Gratuity claim {number}")  # subsection A
        stores = make_record(subject=f"Stores return {number}")
        if number % 2 == 0:  # found in the documents alone
            _with_document_words(stores, ["arrears", "gratuity"])
        if number == 0:  # found both ways
            _with_document_words(claim, ["gratuity"])
        if held_elsewhere:
            make_record(
                actor=world.head,
                subsection=world.sub_c,
                assignees=[world.officer_a],  # of the section head's staff
                subject=f"Gratuity claim {number}",
            )
    client = api.as_(world.section_head)
    url = f"{RECORDS}?q=gratuity&sort={sort}&page_size=3"

    page = _page_statement(client, url, page_size=3)
    if connection.vendor == "postgresql":
        documents, fields, *seen = page.split(" UNION ALL ")
        assert "records_place_words(" in documents
        assert "LIKE" not in documents
        assert '"subsection_id" = ANY(' in fields
        assert fields.count('"subject"::text) LIKE') == 1
        assert "records_searched_trigrams(" in fields
        assert ") IS NOT TRUE" in fields  # the records of the documents' arm left out
        assert len(seen) == held_elsewhere
        for half in seen:
            assert half.count("= ANY(ARRAY(SELECT unnest(") == 1
            assert "records_searched_trigrams(" not in half
    else:
        assert "UNION" not in page
    forward = _pages_in_parts(client, url, monkeypatch)
    assert sum(len(serials) for serials in forward) == (10 if held_elsewhere else 6)


def _with_document_words(record, words: list[str]) -> None:
    words = search.stored_words(words)
    MailRecord.objects.filter(pk=record.pk).update(document_words=words)


@pytest.mark.parametrize(("sort", "window"), [("newest", "before"), ("oldest", "after")])
def test_an_auditors_subsections_are_walked_past_a_window_each_on_its_own_then_merged(
    api, world, make_record, monkeypatch, sort, window
):
    """A list in id order that starts among the records a window of dates leaves out, through
    a scope of several places, reads each place apart, merged in one statement
    (places.ScopePlaces): on PostgreSQL each part names one subsection, so it walks that
    subsection's own index. The pages, forward and back, are those of the list read through
    the whole scope. Without such a window, or narrowed to a place, the scope stays one
    condition."""
    world.auditor_a.audited_subsections.add(world.sub_c)
    for number in range(3):
        make_record(subject=f"Stores return {number}")  # subsection A
        make_record(actor=world.head, subsection=world.sub_c)
        make_record(actor=world.head, subsection=world.sub_b)  # not audited
    client = api.as_(world.auditor_a)
    # A window that leaves none of them out, too wide to be read first (at a million records:
    # letters due before last month): what it is, not what it holds, decides.
    monkeypatch.setattr(filters, "NARROW_WINDOW", 1)
    bound = date(2100, 1, 1) if window == "before" else date(2000, 1, 1)
    url = f"{RECORDS}?sort={sort}&received_date_{window}={bound}&page_size=2"

    page = _page_statement(client, url, page_size=2)
    if connection.vendor == "postgresql":
        audited = (world.sub_a.pk, world.sub_c.pk)
        named = [
            [pk for pk in audited if f'"subsection_id" IN ({pk})' in part]
            for part in page.split(" UNION ALL ")
        ]
        assert sorted(named) == sorted([[world.sub_a.pk], [world.sub_c.pk]])
    else:  # SQLite cannot order and limit each part of a UNION
        assert "UNION" not in page
    forward = _pages_in_parts(client, url, monkeypatch)
    assert sum(len(serials) for serials in forward) == 6  # three of A, three of C

    unwindowed, narrowed = (
        f"{RECORDS}?sort={sort}&page_size=2",
        f"{url}&section={world.admin_section.pk}",
    )
    for one_condition in (unwindowed, narrowed):
        with CaptureQueriesContext(connection) as queries:
            assert len(serials(client.get(one_condition))) == 2
        assert not any("UNION ALL" in query["sql"] for query in queries)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_many_letters_seen_elsewhere_are_asked_for_once_the_places_are_read(
    api, world, make_record, monkeypatch, sort
):
    """Past ``FEW_SEEN_IDS`` letters seen elsewhere, the places' half is read first, and the
    ids' half is asked only for the letters not past the last record it gave the page (when
    it filled the page). Pages, forward and back, are those of the list read through the OR."""
    monkeypatch.setattr(selectors, "FEW_SEEN_IDS", 1)

    def held_elsewhere():
        return make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_a])

    older = [held_elsewhere(), held_elsewhere()]
    for number in range(4):
        make_record(subject=f"Stores return {number}")  # subsection A, officer A's
    newer = [held_elsewhere()]
    client = api.as_(world.officer_a)
    url = f"{RECORDS}?sort={sort}&page_size=2"

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    if connection.vendor == "postgresql":
        places, seen = [q["sql"] for q in queries if "LIMIT 3" in q["sql"]][-2:]
        assert "= ANY(" not in places
        asked_for = newer if sort == "newest" else older
        asked = ",".join(str(record.pk) for record in asked_for)
        assert f"= ANY('{{{asked}}}'::bigint[])" in seen
    forward = _pages_in_parts(client, url, monkeypatch)
    assert sum(len(serials) for serials in forward) == 7  # four of A, three held elsewhere


def _page_conditions(client, url) -> tuple[list[str], str]:
    """The serials a list's page shows, and the statement that read it from its first WHERE
    clause on (read in halves, both halves')."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    page = [q["sql"] for q in queries if "LIMIT 3" in q["sql"]][-1]
    return serials(response), page.split('FROM "records_mailrecord" WHERE ', 1)[1]


@pytest.mark.parametrize(
    ("person", "place", "column"),
    [
        ("section_head", "", "section_id"),  # the scope
        ("officer_a", "", "subsection_id"),
        ("head", "section={admin}", "section_id"),  # the filters
        ("head", "subsection={sub_a}", "subsection_id"),
        ("section_head", "subsection={sub_a}", "subsection_id"),  # a place inside the scope
    ],
)
def test_a_search_rare_in_its_place_tests_the_place_on_the_records_found_not_through_its_index(
    api, world, make_record, person, place, column
):
    """A rare search is read through its own indexes and sorted: the section or subsection is
    then tested as ``column + 0``, which no index answers (with the place's index PostgreSQL
    ANDs a bitmap of the whole section with the few records found). Walked, the list keeps
    the place's index: it walks (section, id) in list order."""
    found = make_record(letter_number="PW/4711")
    make_record(letter_number="PW/77")
    elsewhere = make_record(
        actor=world.head,
        subsection=world.sub_c,
        assignees=[world.officer_c],
        letter_number="PW/4711",
    )
    place = place.format(admin=world.admin_section.pk, sub_a=world.sub_a.pk)
    client = api.as_(getattr(world, person))

    listed, conditions = _page_conditions(client, f"{RECORDS}?q=PW/4711&{place}&page_size=2")
    assert listed == [found.serial]  # not the letter of subsection C
    assert f'("records_mailrecord"."{column}" + 0)' in conditions
    assert elsewhere.serial not in listed

    listed, conditions = _page_conditions(client, f"{RECORDS}?sort=newest&{place}&page_size=2")
    assert found.serial in listed  # no search: walked
    assert f'"records_mailrecord"."{column}" + 0' not in conditions
    # IN, not an array: PostgreSQL before 17 walks no index in order past an array on its
    # first column.
    assert f'"records_mailrecord"."{column}" IN (' in conditions


@pytest.mark.parametrize(
    ("searched", "common"),
    [
        ("AG/2026", "AG/2026/{number}"),  # a reference every letter of the year holds
        ("gratuity", "Gratuity claim {number}"),  # no digit: not even probed
    ],
)
@pytest.mark.parametrize("held_elsewhere", [False, True])
def test_a_search_common_in_its_place_keeps_the_places_index_when_read_first(
    api, world, make_record, searched, common, held_elsewhere
):
    """Read first because another filter leaves few of its records (here a window of dates),
    a search found often among the place's newest records keeps the place's index: tested on
    the records found, the place would cost each of them a fetch (tens of thousands for a
    word in one letter in fifty at a million records). On PostgreSQL the subsection is an
    array, which the search's GIN indexes take too, unless the scope is OR'd with records
    held elsewhere (``places.SCOPE_WITH_IDS``)."""
    if held_elsewhere:
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_a])
    today = timezone.localdate()
    month_ago = today - timedelta(days=30)
    for number in range(filters.WALK_HITS):
        make_record(
            letter_number=common.format(number=number),
            subject=common.format(number=number),
            received_date=month_ago,
            letter_date=month_ago,
            due_date=today,
        )
    recent = make_record(
        letter_number=common.format(number=99),
        subject=common.format(number=99),
        received_date=today,
        letter_date=today,
        due_date=today,
    )
    client = api.as_(world.officer_a)
    url = f"{RECORDS}?q={searched}&received_date_after={today - timedelta(days=2)}&page_size=2"

    assert _sorted_after_reading(client, url)
    listed, conditions = _page_conditions(client, url)
    assert listed == [recent.serial]
    assert '"records_mailrecord"."subsection_id" + 0' not in conditions
    as_array = connection.vendor == "postgresql" and not held_elsewhere
    tested = "= ANY(" if as_array else "IN ("
    assert f'"records_mailrecord"."subsection_id" {tested}' in conditions


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize(
    ("person", "place"),
    [
        ("section_head", ""),  # their section, OR'd with a record held in another
        ("head", "section={admin}"),  # a section chosen
        ("accounts_head", "section={admin}"),  # a section chosen outside the scope
    ],
)
def test_a_search_read_first_in_a_section_asks_its_subsections_and_lists_what_the_walk_lists(
    api, world, make_record, monkeypatch, sort, person, place
):
    """A search read first in a section is asked of the search's indexes, which hold the
    subsection, for the section's subsections (OR'd with the records seen outside the scope);
    the section itself is then tested on the records found (``section_id + 0``). The same
    records in the same order as the walk along the sort's index, page after page."""
    today = timezone.localdate()
    for days, subsection, holder in [
        (0, world.sub_a, world.officer_a),
        (3, world.sub_b, world.officer_c),  # seen by the Accounts head: their staff holds it
        (6, world.sub_a, world.officer_a),
    ]:
        make_record(
            actor=world.head,
            subject="Gratuity claim",
            subsection=subsection,
            assignees=[holder],
            received_date=today - timedelta(days=days),
            due_date=today + timedelta(days=days),
        )
    make_record(subject="Stores return")
    held = make_record(
        actor=world.head, subsection=world.sub_c, subject="Gratuity", assignees=[world.section_head]
    )
    make_record(
        actor=world.head,
        subsection=world.sub_c,
        subject="Gratuity of another section",
        assignees=[world.officer_c],
    )
    client = api.as_(getattr(world, person))
    place = place.format(admin=world.admin_section.pk)
    url = f"{RECORDS}?q=gratuity&{place}&sort={sort}&page_size=2"
    assert _sorted_after_reading(client, url)
    _, conditions = _page_conditions(client, url)
    tested = "= ANY(" if connection.vendor == "postgresql" else "IN ("
    assert f'"records_mailrecord"."subsection_id" {tested}' in conditions
    assert '("records_mailrecord"."section_id" + 0)' in conditions

    # Another filter (here: not overdue) has its own indexes to AND with the search's matches:
    # the section's index is kept.
    assert _sorted_after_reading(client, f"{url}&overdue=false")
    _, conditions = _page_conditions(client, f"{url}&overdue=false")
    assert '"records_mailrecord"."section_id" + 0' not in conditions
    assert '"records_mailrecord"."subsection_id"' not in conditions

    read_first = _every_page(client, url)
    monkeypatch.setattr(filters, "WALK_HITS", 0)  # every search walks the sort's index
    assert read_first == _every_page(client, url)
    assert len(read_first) == {"section_head": 4, "head": 3, "accounts_head": 1}[person]
    assert (held.serial in read_first) is (person == "section_head")


def test_a_search_in_a_window_the_walk_enters_late_is_judged_by_the_start_of_the_window(
    api, world, make_record, monkeypatch
):
    """Letters dated before last month, newest first: the walk passes this month's letters on
    their dates alone (the words are tested last), so a word common inside the window is
    walked to, even though none of the newest records has it."""
    monkeypatch.setattr(filters, "WALK_PROBE", filters.WALK_HITS + 1)
    monkeypatch.setattr(filters, "NARROW_WINDOW", 1)  # every window wide: none is estimated < 1
    today = timezone.localdate()
    older = [
        make_record(
            subject=f"Gratuity claim {number}",
            letter_date=today - timedelta(days=90),
            received_date=today - timedelta(days=80),
            due_date=None,
        )
        for number in range(filters.WALK_HITS)
    ]
    for _ in range(filters.WALK_PROBE):
        make_record(subject="Stores return", letter_date=today, received_date=today, due_date=None)
    client = api.as_(world.head)
    url = f"{RECORDS}?q=gratuity&letter_date_before={today - timedelta(days=30)}&sort=newest"

    with CaptureQueriesContext(connection) as queries:
        found = client.get(f"{url}&page_size=3").json()["results"]
    assert [item["id"] for item in found] == [record.pk for record in older[::-1][:3]]
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT 4" in q["sql"]][-1]
    assert "_unindexed" not in listing  # walked
    conditions = listing.rsplit('FROM "records_mailrecord" WHERE ', 1)[1]
    assert conditions.index('"letter_date" <=') < conditions.index("LIKE")  # the words last

    monkeypatch.setattr(filters, "NARROW_WINDOW", 10**6)  # every window narrow: read it first
    assert _sorted_after_reading(client, f"{url}&page_size=2")


def test_a_serial_is_read_through_its_index_without_looking_at_the_walk(api, world, make_record):
    record = make_record()
    with CaptureQueriesContext(connection) as queries:
        found = api.as_(world.head).get(f"{RECORDS}?q={record.serial}").json()["results"]
    assert [item["id"] for item in found] == [record.pk]
    assert not [q for q in queries if "OFFSET" in q["sql"] or "COUNT(" in q["sql"]]


def test_a_subsection_inside_the_scope_is_listed_by_its_own_condition_and_one_outside_is_not(
    api, world, make_record
):
    """Asked for a subsection wholly inside their scope, an officer gets every record of it,
    by the subsection's condition alone (no scope OR'd with the ids outside it); asked for one
    outside, only what they may see there."""
    own = [make_record() for _ in range(2)]
    elsewhere = [
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
        for _ in range(2)
    ]
    services.record_assign(actor=world.head, record=elsewhere[0], assignees=[world.officer_a])
    client = api.as_(world.officer_a)

    with CaptureQueriesContext(connection) as queries:
        inside = client.get(f"{RECORDS}?subsection={world.sub_a.pk}").json()["results"]
    assert {item["id"] for item in inside} == {record.pk for record in own}
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]][-1]
    assert "ANY(" not in listing

    outside = client.get(f"{RECORDS}?subsection={world.sub_c.pk}").json()["results"]
    assert [item["id"] for item in outside] == [elsewhere[0].pk]


def test_a_list_names_its_people_and_places_in_two_queries_however_many_rows(
    api, world, make_record
):
    """Creator, monitor, section and subsection of every row, with where each person sits,
    from two queries for the page: a page of one record and one of records from every
    subsection, by different people, ask as many."""
    client = api.as_(world.head)
    make_record()

    def listed():
        with CaptureQueriesContext(connection) as queries:
            results = client.get(RECORDS).json()["results"]
        return results, [query["sql"] for query in queries]

    _one, queries_for_one = listed()
    make_record(
        actor=world.head,
        subsection=world.sub_b,
        assignees=[world.officer_b],
        monitoring_officer=world.officer_a,
    )
    make_record(actor=world.accounts_head, subsection=world.sub_c, assignees=[world.officer_c])
    records, queries_for_three = listed()

    assert len(queries_for_three) == len(queries_for_one)
    naming = [
        sql
        for sql in queries_for_three
        if sql.startswith(('SELECT "org_', 'SELECT "accounts_user"')) and " IN (" in sql
    ]
    assert len(naming) == 2
    named = {
        item["serial"]: (
            item["section"]["name"],
            item["subsection"]["name"],
            item["created_by"]["username"],
            item["created_by"]["subsection_name"],
            (item["monitoring_officer"] or {}).get("username"),
        )
        for item in records
    }
    assert sorted(named.values()) == [
        ("Accounts", "C", "accounts_head", None, "accounts_head"),
        ("Administration", "A", "clerk_a", "Administration / A", "section_head"),
        ("Administration", "B", "head", None, "officer_a"),
    ]


def test_each_filter_set_filters_with_its_own_request_after_another_was_made(
    rf, world, make_record
):
    """The filters a request is given are its own copies: a second filter set, made for
    another user and other filters, changes nothing of the first."""
    mine = make_record(assignees=[world.officer_a])
    make_record(assignees=[world.officer_a2])

    def request_of(user):
        request = rf.get(RECORDS)
        request.user = user
        return request

    first = filters.RecordFilter({"scope": "assigned_to_me"}, request=request_of(world.officer_a))
    second = filters.RegisterFilter(
        {"scope": "created_by_me", "status": ["closed"]},
        request=request_of(world.officer_a2),
        subsections=None,
    )

    assert [record.pk for record in first.qs] == [mine.pk]
    assert "section" in first.filters
    assert "section" not in second.filters
    assert not second.qs.exists()
    assert first.form.fields["status"].widget is not second.form.fields["status"].widget


def test_each_row_shows_its_newest_incoming_letter_else_its_newest_document(
    api, browser_as, world, make_record, pdf_upload
):
    """The document a list shows for a record, with its thumbnail once it is made: the newest
    current incoming letter, else the newest current document; a record whose documents were
    all removed shows none, in the API and on the register page."""

    def upload(record, stage):
        return attachment_upload(
            actor=world.clerk_a, record=record, upload=pdf_upload(), stage=stage
        )

    letter_then_reply = make_record(subject="Letter then reply")
    letter = upload(letter_then_reply, "created")
    upload(letter_then_reply, "closed")
    two_replies = make_record(subject="Two replies")
    upload(two_replies, "closed")
    newer_reply = upload(two_replies, "closed")
    removed = make_record(subject="Removed")
    attachment_remove(
        actor=world.clerk_a, attachment=upload(removed, "created"), reason="Wrong letter"
    )
    make_record(subject="No document")
    PdfAttachment.objects.update(has_thumbnail=True)

    listed = {
        item["subject"]: (item["has_pdf"], item["thumbnail_url"])
        for item in api.as_(world.clerk_a).get(RECORDS).json()["results"]
    }
    assert listed == {
        "Letter then reply": (
            True,
            f"/api/records/{letter_then_reply.pk}/pdf/{letter.pk}/thumbnail/",
        ),
        "Two replies": (True, f"/api/records/{two_replies.pk}/pdf/{newer_reply.pk}/thumbnail/"),
        "Removed": (False, None),
        "No document": (False, None),
    }
    detail = api.as_(world.clerk_a).get(f"{RECORDS}{letter_then_reply.pk}/").json()
    assert detail["thumbnail_url"] == listed["Letter then reply"][1]
    page = browser_as(world.clerk_a).get("/records/").content.decode()
    assert f"/records/{letter_then_reply.pk}/documents/{letter.pk}/thumbnail/" in page
    assert f"/records/{two_replies.pk}/documents/{newer_reply.pk}/thumbnail/" in page
    assert page.count('class="thumbnail"') == 2
