"""The journey of one letter through the office, in a real browser: registered with its scan by
a clerk, assigned by the section head to two officers, passed on by one of them to a colleague
who updates the action and closes it with the reply, then reopened by the head; and an officer
of another section who cannot open it."""

import re

import pytest
from playwright.sync_api import expect

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records.models import MailRecord, Status
from mailtracker.web.tests.browser.conftest import RECORD_URL, drop_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_action(page, title: str):
    """Open one of the record page's action panels and return its form."""
    panel = page.locator("details.action", has=page.get_by_text(title, exact=True)).first
    panel.locator("summary").click()
    return panel.locator("form")


def register_letter(page, live_server, pdf_file, screenshot, tmp_path):
    page.get_by_role("link", name="New record").click()
    expect(page.get_by_role("heading", name="Register a letter")).to_be_visible()
    page.get_by_label("Letter number").fill("DT/PEN/2026/41")
    page.get_by_label("Date on the letter").fill("2026-03-01")
    page.get_by_label("Date received").fill("2026-03-03")
    page.get_by_label("Due date").fill("2026-04-30")
    page.get_by_label("From (office or sender)").fill("District Treasury")
    page.get_by_label("Subject").fill("Pension revision for retired staff")
    page.get_by_label("Action required").fill("Examine the revised tables and reply")

    # A wrong file is refused in the browser, before anything is sent.
    not_a_pdf = tmp_path / "notes.txt"
    not_a_pdf.write_text("just notes")
    drop_file(page, "[data-drop-zone]", not_a_pdf, mime="text/plain")
    expect(page.locator("#id_pdf_error")).to_have_text(
        "\u201cnotes.txt\u201d is not a PDF. Choose a PDF file."
    )
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(f"{live_server.url}/records/new/")
    assert not MailRecord.objects.exists()

    drop_file(page, "[data-drop-zone]", pdf_file("letter.pdf", "Pension revision"))
    expect(page.locator("[data-chosen-file]")).to_contain_text("Chosen: letter.pdf")
    expect(page.locator("#id_pdf_error")).to_have_text("")
    screenshot(page, "create")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/records/new/")
    ) as upload:
        page.get_by_role("button", name="Register").click()
    assert upload.value.status == 201  # sent by the page script, with the progress bar
    page.wait_for_url(RECORD_URL)
    expect(page.get_by_text("Registered as 2026/001.")).to_be_visible()
    return MailRecord.objects.get()


def assign_to_two_officers(page, record):
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_role("searchbox", name="Search").fill(record.serial)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=record.serial).click()
    panel = open_action(page, "Assign")
    panel.get_by_role("checkbox", name="Officer A (Officer, A)").check()
    panel.get_by_role("checkbox", name="Officer A2 (Officer, A)").check()
    panel.get_by_label("Instructions").fill("Officer A on the tables, Officer A2 on the arrears")
    panel.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned.", exact=True)).to_be_visible()
    expect(page.locator("article.chain")).to_have_count(2)


def my_queue(page):
    return page.locator("section", has=page.get_by_role("heading", name=re.compile("My queue")))


def pass_on(page, record):
    my_queue(page).get_by_role("link", name=record.serial).click()
    chain = page.locator("article.chain", has_text="Officer A (Officer)").first
    chain.locator("summary", has_text="Pass on to someone else").click()
    chain = chain.locator("details.action", has_text="Pass on to someone else").locator("form")
    chain.get_by_label("Pass on to").select_option(label="Officer B (Officer, B)")
    chain.get_by_label("Instructions").fill("You handled the earlier revision")
    chain.get_by_role("button", name="Pass on").click()
    expect(page.get_by_text("Passed on.", exact=True)).to_be_visible()


def update_and_close(page, record, pdf_file):
    page.goto(page.url.split("/records/")[0] + f"/records/{record.pk}/")
    panel = open_action(page, "Update the current action")
    panel.get_by_label("Current action").fill("Reply drafted and sent for signature")
    panel.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Current action updated.")).to_be_visible()
    expect(page.locator(".record-title .status")).to_have_text("In progress")

    panel = open_action(page, "Close")
    panel.get_by_label("Remarks").fill("Reply sent to the District Treasury")
    panel.get_by_label(re.compile("Closing document")).set_input_files(
        pdf_file("reply.pdf", "Our reply")
    )
    with page.expect_navigation():
        panel.get_by_role("button", name="Close the record").click()
    expect(page.get_by_text("Closed.", exact=True)).to_be_visible()
    expect(page.locator(".record-title .status")).to_have_text("Closed")


def test_a_letter_goes_from_registration_to_closure_and_back(
    open_as, world, live_server, pdf_file, screenshot, tmp_path, console_errors
):
    clerk = open_as(world.clerk_a)
    record = register_letter(clerk, live_server, pdf_file, screenshot, tmp_path)
    assert record.attachments.get().stage == PdfAttachment.Stage.CREATED

    head_of_section = open_as(world.section_head)
    assign_to_two_officers(head_of_section, record)
    head_of_section.get_by_role("link", name="Register", exact=True).click()
    expect(head_of_section.get_by_role("link", name=record.serial)).to_be_visible()
    head_of_section.get_by_text("Filters and sort").click()
    expect(head_of_section.get_by_label("Sort by")).to_be_visible()
    screenshot(head_of_section, "list")

    officer = open_as(world.officer_a)
    expect(my_queue(officer).get_by_role("link", name=record.serial)).to_be_visible()
    screenshot(officer, "dashboard")
    pass_on(officer, record)

    colleague = open_as(world.officer_b)
    update_and_close(colleague, record, pdf_file)
    record.refresh_from_db()
    assert record.status == Status.CLOSED
    assert record.attachments.filter(stage=PdfAttachment.Stage.CLOSED).count() == 1

    head = open_as(world.head)
    head.goto(f"{live_server.url}/records/{record.pk}/")
    panel = open_action(head, "Reopen")
    panel.get_by_label("Why is it reopened?").fill("The arrears table is missing")
    panel.get_by_role("button", name="Reopen").click()
    expect(head.get_by_text("Reopened.", exact=True)).to_be_visible()
    expect(head.locator(".record-title .status")).to_have_text("In progress")
    expect(head.locator(".timeline")).to_contain_text("Reopened: The arrears table is missing")
    record.refresh_from_db()
    assert record.status == Status.IN_PROGRESS

    # The incoming letter is shown inline by the browser's own PDF viewer.
    frame = head.locator("iframe.pdf-frame")
    expect(frame).to_be_visible()
    with head.expect_response(lambda r: "/documents/" in r.url) as pdf:
        head.reload()
    assert pdf.value.status == 200
    # The viewer paints only what is on screen: the whole page is made to fit the window.
    for _ in range(2):  # the frame's height follows the window's, so measure twice
        height = head.evaluate("document.documentElement.scrollHeight")
        head.set_viewport_size({"width": 1280, "height": height})
    head.wait_for_timeout(2000)
    screenshot(head, "detail", full_page=False)
    head.set_viewport_size({"width": 1280, "height": 900})
    frame.scroll_into_view_if_needed()
    head.wait_for_timeout(1500)
    screenshot(head, "detail-pdf", full_page=False)

    phone = open_as(world.head, width=390, height=844)
    expect(phone.get_by_role("link", name="Register", exact=True)).to_be_visible()
    screenshot(phone, "dashboard-phone")
    phone.goto(f"{live_server.url}/records/{record.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(record.serial)
    screenshot(phone, "detail-phone", full_page=False)
    phone.get_by_role("link", name="Register", exact=True).click()
    expect(phone.locator("td[data-label='Serial']")).to_have_text(record.serial)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(phone, "list-phone")


def test_an_officer_of_another_section_cannot_open_the_record(
    open_as, world, make_record, live_server, screenshot, console_errors
):
    record = make_record()
    url = f"{live_server.url}/records/{record.pk}/"
    console_errors.expect_failed_load(url, 404)

    outsider = open_as(world.officer_c)
    answer = outsider.goto(url)

    assert answer.status == 404
    expect(outsider.get_by_role("heading", name="Not found")).to_be_visible()
    expect(outsider.get_by_text(record.subject)).to_have_count(0)
    screenshot(outsider, "denied")
    outsider.goto(f"{live_server.url}/records/")
    expect(outsider.get_by_text("The register is empty.")).to_be_visible()
