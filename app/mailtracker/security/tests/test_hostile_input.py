"""Threat: crafted input that the app does not expect — forged cursors, numbers no database
column holds, ids out of range, impossible dates, odd file names and encodings — turned into
server errors (500s fill the logs, hide real faults and may leak details). Each answers 4xx."""

import base64
import json

import pytest
from django.urls import reverse

HUGE_NUMBERS = ["1e999", "-1e999", "1e308", "123456789012345678901234567890", "1.5e3"]


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.fixture
def assigned(make_record):
    return make_record()  # held by officer A


def post_json(client, url: str, body: str, method: str = "post"):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize(
    "forged",
    [
        cursor("p=abc"),
        cursor("p=99999999999999999999999"),
        cursor("p=1e999"),
        cursor("p=\x00"),
        cursor("o=-1&r=1&p=x"),
        "not base64 at all!",
        base64.b64encode(b"\xff\xfe\x00").decode(),
    ],
)
def test_a_forged_list_cursor_is_a_404_not_a_server_error(api, world, make_record, forged):
    make_record()
    answer = api.as_(world.head).get("/api/records/", {"cursor": forged})
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Invalid cursor"}


def test_a_genuine_cursor_still_pages(api, world, make_record):
    for _ in range(3):
        make_record()
    first = api.as_(world.head).get("/api/records/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_a_huge_number_as_an_assignee_is_a_400(api, world, assigned, number):
    answer = post_json(
        api.as_(world.head), f"/api/records/{assigned.pk}/assign/", f'{{"assignees": [{number}]}}'
    )
    assert answer.status_code == 400


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_a_huge_number_as_the_next_holder_is_a_400(api, world, assigned, number):
    assignment = assigned.assignments.get()
    answer = post_json(
        api.as_(world.officer_a),
        f"/api/assignments/{assignment.pk}/reassign/",
        f'{{"assignee": {number}}}',
    )
    assert answer.status_code == 400


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_a_huge_number_as_a_subsection_is_a_400(api, world, number):
    fields = {"letter_number": "L/1", "received_date": "2026-03-03", "subject": "S"}
    body = json.dumps(fields)[:-1] + f', "subsection": {number}}}'
    assert post_json(api.as_(world.head), "/api/records/", body).status_code == 400


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_a_huge_number_as_the_monitoring_officer_is_a_400(api, world, assigned, number):
    answer = post_json(
        api.as_(world.head),
        f"/api/records/{assigned.pk}/",
        f'{{"monitoring_officer": {number}}}',
        method="patch",
    )
    assert answer.status_code == 400


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_that_python_reads_as_floats_are_a_400(api, world, assigned, literal):
    answer = post_json(
        api.as_(world.head), f"/api/records/{assigned.pk}/assign/", f'{{"assignees": [{literal}]}}'
    )
    assert answer.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/records/99999999999999999999/",
        "/api/records/99999999999999999999/audit/",
        "/api/records/99999999999999999999/pdf/",
        "/api/records/99999999999999999999/pdf/view/",
        "/api/assignments/99999999999999999999/remarks/",
    ],
)
def test_an_id_beyond_any_column_in_an_api_path_is_a_404(api, world, path):
    assert api.as_(world.head).get(path).status_code == 404


@pytest.mark.parametrize(
    "url_name", ["record-detail", "record-assign", "assignment-remark", "assignment-reassign"]
)
def test_an_id_beyond_any_column_in_a_page_address_is_a_404(client, world, url_name):
    client.force_login(world.head)
    url = reverse(f"web:{url_name}", args=[99999999999999999999])
    answer = client.get(url) if url_name == "record-detail" else client.post(url, {})
    assert answer.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"received_date_after": "99999-01-01"},
        {"due_date_before": "2026-02-30"},
        {"letter_date_after": "0000-00-00"},
        {"section": "1e999"},
        {"subsection": "99999999999999999999"},
        {"status": "\x00"},
        {"q": "\x00"},
        {"page_size": "1e999"},
        {"overdue": "maybe"},
    ],
)
def test_impossible_filter_values_are_answered_without_a_server_error(api, world, query):
    answer = api.as_(world.head).get("/api/records/", query)
    assert answer.status_code in (200, 400)


@pytest.mark.parametrize(
    "query",
    [{"received_date_after": "9-99-1"}, {"section": "1e999"}, {"q": "\x00"}, {"page": "1e999"}],
)
def test_impossible_filter_values_in_the_register_page_are_answered_without_a_server_error(
    client, world, query
):
    client.force_login(world.head)
    assert client.get(reverse("web:record-list"), query).status_code in (200, 400)


@pytest.mark.parametrize(
    "dates",
    [
        {"received_date": "99999-01-01"},
        {"received_date": "2026-02-30"},
        {"due_date": "0000-01-01"},
        {"letter_date": "1e999"},
    ],
)
def test_impossible_dates_in_a_registration_are_a_400(api, world, dates):
    body = {"letter_number": "L/1", "received_date": "2026-03-03", "subject": "S",
            "from_office": "F", "action_required": "A", "subsection": world.sub_a.pk}  # fmt: skip
    answer = api.as_(world.head).post("/api/records/", {**body, **dates}, format="json")
    assert answer.status_code == 400


@pytest.mark.parametrize(
    "name",
    ["\x00.pdf", "a\x00b.pdf", "x" * 1000 + ".pdf", "../../etc/passwd", "\u202efdp.exe", "   "],
)
def test_odd_file_names_are_stored_safely_or_refused(api, world, assigned, pdf_upload, name):
    answer = api.as_(world.head).post(
        f"/api/records/{assigned.pk}/pdf/", {"file": pdf_upload(name)}, format="multipart"
    )
    assert answer.status_code in (201, 400)
    if answer.status_code == 201:
        stored = answer.json()["original_name"]
        assert "\x00" not in stored
        assert "/" not in stored
        assert len(stored) <= 255


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"reason": "\xff\xfe"}', "application/json"),
        ('{"reason": "é"}'.encode("utf-16"), "application/json"),
        (b'{"reason": "x"}', "application/json; charset=no-such-charset"),
        (b'{"reason": "\\u0000"}', "application/json"),
        (b'{"reason": "\\ud800"}', "application/json"),
        (b"reason=%ff%fe", "application/x-www-form-urlencoded"),
    ],
)
def test_bodies_in_broken_encodings_are_answered_without_a_server_error(
    api, world, assigned, body, content_type
):
    answer = api.as_(world.head).generic(
        "POST", f"/api/records/{assigned.pk}/reopen/", body, content_type=content_type
    )
    assert 400 <= answer.status_code < 500


def test_a_remark_with_a_nul_character_is_a_400_in_the_ui(client, world, assigned):
    assignment = assigned.assignments.get()
    client.force_login(world.officer_a)
    answer = client.post(
        reverse("web:assignment-remark", args=[assignment.pk]),
        {f"remark-{assignment.pk}-text": "before\x00after"},
    )
    assert answer.status_code == 400


@pytest.mark.parametrize(
    "username", ["\x00", "a\x00b", "x" * 10_000, "ÉLODIE ", ["officer_a"], {"$ne": 1}, 1e308]
)
def test_hostile_usernames_at_login_are_answered_without_a_server_error(api, world, username):
    answer = api.post(
        "/api/auth/login/", {"username": username, "password": "guess"}, format="json"
    )
    assert answer.status_code in (400, 401)


@pytest.mark.parametrize("forwarded", ["not-an-address", "", "1.2.3.4, ::1, \x00", "999.1.1.1"])
def test_a_forged_forwarded_address_is_answered_without_a_server_error(
    client, world, settings, forwarded
):
    settings.TRUSTED_PROXY_COUNT = 1
    answer = client.post(
        "/accounts/login/",
        {"username": "officer_a", "password": "guess"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert answer.status_code == 200
