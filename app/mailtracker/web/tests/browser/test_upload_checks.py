"""The PDF upload on the create page: refused in the browser when too large, and the server's
own refusal shown beside the field when the browser cannot tell (a file that only looks like a
PDF)."""

import pytest
from playwright.sync_api import expect

from mailtracker.records.models import MailRecord
from mailtracker.web.tests.browser.conftest import drop_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_letter(page):
    page.get_by_role("link", name="New record").click()
    page.get_by_label("Letter number").fill("LN/9")
    page.get_by_label("Date on the letter").fill("2026-03-01")
    page.get_by_label("Date received").fill("2026-03-03")
    page.get_by_label("From (office or sender)").fill("District Treasury")
    page.get_by_label("Subject").fill("Audit objections")
    page.get_by_role("checkbox", name="Officer A (SrAO)", exact=True).check()


def test_a_pdf_over_the_limit_is_refused_before_it_is_sent(
    open_as, world, settings, tmp_path, console_errors
):
    settings.MAX_PDF_SIZE_MB = 1
    page = open_as(world.clerk_a)
    fill_letter(page)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 300_000))
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    drop_file(page, "[data-drop-zone]", big)
    page.get_by_role("button", name="Register").click()

    expect(page.locator("#id_pdf_error")).to_have_text(
        "\u201cbig.pdf\u201d is 1.3 MB; PDFs may be at most 1 MB."
    )
    expect(page.get_by_label("Scanned letter (PDF)")).to_be_focused()
    assert posts == []
    assert not MailRecord.objects.exists()


def test_the_servers_refusal_is_shown_beside_the_file(
    open_as, world, live_server, tmp_path, screenshot, console_errors
):
    console_errors.expect_failed_load(f"{live_server.url}/records/new/", 400)
    page = open_as(world.clerk_a)
    fill_letter(page)
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"this is a text file with a .pdf name")
    page.get_by_label("Scanned letter (PDF)").set_input_files(fake)

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Register").click()

    assert answer.value.status == 400
    expect(page.locator("#id_pdf_error")).to_have_text(
        "This file is not a PDF (there is no %PDF- header at its start)."
    )
    expect(page.get_by_label("Scanned letter (PDF)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Subject")).to_have_value("Audit objections")  # nothing retyped
    screenshot(page, "create-refused")
    assert not MailRecord.objects.exists()
