"""A letter whose PDF runs JavaScript when opened (/OpenAction): opened on its record page in
Chromium, no script of it runs. As a control, the same bytes handed to the same browser's
viewer directly do run it, so the check would notice if the app let it through."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from mailtracker.records.documents import attachment_upload
from mailtracker.testing.corpus import Corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCRIPT = "app.alert('pdf-script-ran');"
# The viewer loads and runs a document's open action within a second or two.
VIEWER_SETTLES_SECONDS = 4


def dialogs_of(page) -> list[str]:
    seen = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


def viewer_loaded(page) -> bool:
    return any(frame.url.startswith("chrome-extension://") for frame in page.frames)


def test_opening_a_letter_with_open_action_javascript_runs_none_of_it(
    open_as, world, make_record, tmp_path, screenshot, live_server
):
    original = Corpus(tmp_path / "corpus").with_open_action_javascript(SCRIPT)
    record = make_record()
    attachment_upload(
        actor=world.clerk_a, record=record, stage="created",
        upload=SimpleUploadedFile("scripted.pdf", original, "application/pdf"),
    )  # fmt: skip

    page = open_as(world.officer_a)
    seen = dialogs_of(page)
    page.goto(f"{live_server.url}/records/{record.pk}/")
    expect(page.get_by_role("note")).to_contain_text("Contains JavaScript")
    # The browser's own PDF viewer (an extension frame) shows the document in the page.
    deadline = time.monotonic() + 10
    while not viewer_loaded(page) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert viewer_loaded(page)
    page.wait_for_timeout(VIEWER_SETTLES_SECONDS * 1000)
    screenshot(page, "record-with-scripted-pdf")
    assert seen == []

    control = open_as(world.officer_a)
    ran = dialogs_of(control)
    control.route(
        "**/control.pdf",
        lambda route: route.fulfill(body=original, content_type="application/pdf"),
    )
    control.goto(f"{live_server.url}/control.pdf")
    deadline = time.monotonic() + 10
    while not ran and time.monotonic() < deadline:
        control.wait_for_timeout(250)
    assert ran == ["pdf-script-ran"]
