"""Threat: script that is not the app's running in the app's origin — markup injected into a
page, a document opened as a page, or a third-party file the app pulls in (the API docs used to
load Swagger UI from a public CDN, unpinned). Every response carries a Content-Security-Policy
that allows the app's own files only; PDF responses allow nothing but being framed by the app;
the docs page is built from files the app serves itself."""

import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import reverse

REPO = Path(__file__).resolve().parents[4]
ROLE_DEFAULTS = REPO / "roles" / "mailtracker" / "defaults" / "main.yml"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def record_with_pdf(api, world, make_record, pdf_upload):
    record = make_record()
    answer = api.as_(world.clerk_a).post(
        f"/api/records/{record.pk}/pdf/", {"file": pdf_upload()}, format="multipart"
    )
    return record, answer.json()["id"]


def pages(world, record) -> list[tuple[object, str]]:
    """(who, path) for a page of every kind: staff UI, admin, API, API docs, errors."""
    return [
        (None, "/accounts/login/"), (None, "/accounts/signup/"), (None, "/admin/login/"),
        (None, "/api/docs/"), (None, "/api/health/"), (None, "/no-such-page/"),
        (world.clerk_a, "/"), (world.clerk_a, "/records/"), (world.clerk_a, "/records/new/"),
        (world.clerk_a, f"/records/{record.pk}/"), (world.officer_c, f"/records/{record.pk}/"),
        (world.head_admin, "/admin/"), (world.head_admin, "/admin/records/mailrecord/"),
        (world.clerk_a, "/api/records/"),
    ]  # fmt: skip


def test_every_page_allows_only_the_apps_own_scripts_and_styles(client, world, make_record):
    record = make_record()
    for who, path in pages(world, record):
        client.logout()
        if who:
            client.force_login(who)
        rules = policy(client.get(path))
        assert rules["default-src"] == ["'self'"], path
        assert rules["script-src"] == ["'self'"], path  # no inline script, no other origin
        assert rules["style-src"] == ["'self'"], path
        assert rules["object-src"] == ["'none'"], path
        assert rules["base-uri"] == ["'none'"], path
        assert rules["form-action"] == ["'self'"], path
        assert rules["frame-ancestors"] == ["'none'"], path  # no page is framed, not even by us


def test_a_pdf_may_only_be_framed_by_the_app_and_loads_nothing(client, api, world, record_with_pdf):
    record, attachment = record_with_pdf
    client.force_login(world.clerk_a)
    shown = client.get(reverse("web:record-document", args=[record.pk, attachment]))
    viewed = api.as_(world.clerk_a).get(f"/api/records/{record.pk}/pdf/view/")
    for response in (shown, viewed):
        rules = policy(response)
        assert rules["default-src"] == ["'none'"]
        assert rules["frame-ancestors"] == ["'self'"]
        assert "sandbox" in rules


def test_nginx_adds_the_same_policy_to_the_pdfs_it_sends(client, world, record_with_pdf):
    """Behind nginx a PDF leaves through X-Accel-Redirect, and nginx passes on only a few of
    the app's headers (Content-Type, Content-Disposition, Cache-Control...): the policy must
    come from nginx's internal location, and must be the app's."""
    record, attachment = record_with_pdf
    client.force_login(world.clerk_a)
    app_policy = client.get(reverse("web:record-document", args=[record.pk, attachment]))[
        "Content-Security-Policy"
    ]
    defaults = yaml.safe_load(ROLE_DEFAULTS.read_text())
    nginx_policy = defaults["mailtracker_nginx_document_headers"]["Content-Security-Policy"]
    assert nginx_policy == app_policy


def test_the_api_docs_page_loads_only_files_the_app_serves_itself(client, db):
    page = client.get("/api/docs/").content.decode()
    linked = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert linked, "the docs page links its scripts and styles"
    for url in linked:
        assert url.startswith("/"), url  # this origin, never a CDN
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    assert "<script>" not in page  # no inline script either: its set-up comes as a file
    script = client.get(re.search(r'src="(/api/docs/\?[^"]*script[^"]*)"', page).group(1))
    assert script["Content-Type"].startswith("application/javascript")
