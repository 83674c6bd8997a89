"""The journey of one letter through the office, in a real browser, by the office's rules: a
clerk registers it with its scan for two officers (picked from the keyboard); one passes their
part on to the section head with a remark; the other marks their part done; the section head,
now the only holder, closes it with the reply PDF; the head reopens it and the section head
holds it again. And an officer of another section cannot open it."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records.models import Assignment, MailRecord, Status
from mailtracker.web.tests.browser.conftest import RECORD_URL, drop_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_action(page, title: str, within=None):
    """Open one of the record page's action panels and return its form."""
    scope = within or page
    panel = scope.locator("details.action", has=page.get_by_text(title, exact=True)).first
    panel.locator("summary").click()
    return panel.locator("form")


def expect_message_focused_where_it_happened(page, text: str, region: str) -> None:
    """After an action the page opens at its region, with the message there and focused."""
    message = page.locator(
        f"#{region} [data-focus-after-action], #{region} ~ [data-focus-after-action]"
    )
    expect(message.first).to_be_focused()
    expect(message.first).to_have_text(text)


def pick_by_keyboard(page, picker_label: str, typed: str) -> None:
    """Filter a people picker by typing, go to the only match with Enter, tick it with Space."""
    box = page.get_by_role("group", name=picker_label).get_by_label("Find a person")
    box.fill(typed)
    box.press("Enter")
    page.keyboard.press("Space")
    box.fill("")


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

    # The picker lists only the clerk's candidates, grouped by subsection, and filters as one
    # types: "a2" leaves one person, Enter goes to them, Space ticks them.
    picker = page.get_by_role("group", name="Who will act on it")
    expect(picker.get_by_role("group", name="Administration / A")).to_be_visible()
    expect(picker.get_by_role("checkbox", name="Officer B (Officer)")).to_have_count(0)
    picker.get_by_label("Find a person").fill("a2")
    expect(picker.get_by_role("checkbox", name="Officer A (SrAO)", exact=True)).to_be_hidden()
    picker.get_by_label("Find a person").fill("")
    pick_by_keyboard(page, "Who will act on it", "srao")
    pick_by_keyboard(page, "Who will act on it", "a2")
    expect(picker.get_by_role("checkbox", name="Officer A (SrAO)", exact=True)).to_be_checked()
    expect(picker.get_by_role("checkbox", name="Officer A2 (Officer)")).to_be_checked()
    page.get_by_label("Instructions to them").fill("Officer A on the tables, A2 on the arrears")

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
    record = MailRecord.objects.get()
    expect_message_focused_where_it_happened(page, f"Registered as {record.serial}.", "status")
    strip = page.get_by_role("group", name="Where this record stands")
    expect(strip).to_contain_text("Officer A (SrAO) since")
    expect(strip).to_contain_text("Officer A2 (Officer) since")
    return record


def my_queue(page):
    return page.locator("section", has=page.get_by_role("heading", name=re.compile("My queue")))


def pass_on_to_the_section_head(page, record, live_server, console_errors):
    step = Assignment.objects.get(record=record, assignee__username="officer_a")
    # The first try, without a remark, is refused on purpose.
    console_errors.expect_failed_load(f"{live_server.url}/assignments/{step.pk}/reassign/", 400)
    my_queue(page).get_by_role("link", name=record.serial).click()
    chain = page.locator("article.chain", has=page.get_by_role("heading", name=re.compile(
        r"^Officer A \(SrAO\)"
    )))  # fmt: skip
    form = open_action(page, "Pass on to someone else", within=chain)
    form.get_by_role("radio", name="Section Head (Section head)").check()
    form.get_by_role("button", name="Pass on").click()
    expect(form.get_by_text("This field is required.")).to_be_visible()  # the remark
    form.get_by_label("Remark").fill("The revised tables need your approval")
    form.get_by_role("button", name="Pass on").click()
    chain = page.locator("article.chain").first
    region = chain.get_attribute("id")
    expect_message_focused_where_it_happened(page, "Passed on.", region)
    expect(chain).to_contain_text("The revised tables need your approval")
    expect(page.locator(".record-title .status")).to_have_text("In progress")


def mark_my_part_done(page, live_server, record):
    page.goto(f"{live_server.url}/records/{record.pk}/")
    chain = page.locator("article.chain", has=page.get_by_role("heading", name=re.compile(
        r"^Officer A2"
    )))  # fmt: skip
    form = open_action(page, "My part is done", within=chain)
    form.get_by_label("What was done").fill("Arrears table checked and attached")
    form.get_by_role("button", name="Mark my part done").click()
    region = chain.get_attribute("id")
    expect_message_focused_where_it_happened(page, "Your part is marked done.", region)


def close_with_the_reply(page, live_server, record, pdf_file, screenshot):
    page.goto(f"{live_server.url}/records/{record.pk}/")
    expect(page.get_by_role("group", name="Where this record stands")).to_contain_text(
        "Section Head (Section head) since"
    )
    panel = open_action(page, "Close")
    expect(page.locator(".close-parts")).to_contain_text("Nobody else holds this record.")
    panel.get_by_label("Closing remark").fill("Reply sent to the District Treasury")
    panel.get_by_label(re.compile("Closing document")).set_input_files(
        pdf_file("reply.pdf", "Our reply")
    )
    screenshot(page, "close")
    with page.expect_navigation():
        panel.get_by_role("button", name="Close the record").click()
    expect(page.get_by_text("Closed.", exact=True)).to_be_visible()
    expect(page.locator(".record-title .status")).to_have_text("Closed")
    expect(page.get_by_role("group", name="Where this record stands")).to_contain_text(
        "nobody (closed)"
    )
    expect(page.locator(".timeline")).to_contain_text("Reply sent to the District Treasury")


def test_a_letter_goes_from_registration_to_closure_and_back(
    open_as, world, live_server, pdf_file, screenshot, tmp_path, console_errors
):
    clerk = open_as(world.clerk_a)
    record = register_letter(clerk, live_server, pdf_file, screenshot, tmp_path)
    assert record.attachments.get().stage == PdfAttachment.Stage.CREATED

    officer = open_as(world.officer_a)
    expect(my_queue(officer).get_by_role("link", name=record.serial)).to_be_visible()
    screenshot(officer, "dashboard")
    pass_on_to_the_section_head(officer, record, live_server, console_errors)
    screenshot(officer, "passed-on")

    colleague = open_as(world.officer_a2)
    mark_my_part_done(colleague, live_server, record)

    head_of_section = open_as(world.section_head)
    head_of_section.get_by_role("link", name="Register", exact=True).click()
    head_of_section.get_by_role("searchbox", name="Search").fill("41")  # part of the number
    head_of_section.get_by_role("button", name="Search").click()
    expect(head_of_section.get_by_role("link", name=record.serial)).to_be_visible()
    expect(head_of_section.get_by_label("Sort by")).to_be_visible()  # open while filtering
    screenshot(head_of_section, "list")
    close_with_the_reply(head_of_section, live_server, record, pdf_file, screenshot)
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
    expect(head.get_by_role("group", name="Where this record stands")).to_contain_text(
        "Section Head (Section head) since"
    )
    record.refresh_from_db()
    assert record.status == Status.IN_PROGRESS
    holding = Assignment.objects.filter(record=record, state="active")
    assert list(holding.values_list("assignee__username", flat=True)) == ["section_head"]

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
    header = phone.locator("body > header").bounding_box()
    assert header["height"] <= 120, header  # the page starts near the top of a phone
    screenshot(phone, "dashboard-phone")
    phone.goto(f"{live_server.url}/records/{record.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(record.serial)
    screenshot(phone, "detail-phone", full_page=False)
    phone.get_by_role("link", name="Register", exact=True).click()
    expect(phone.locator("td[data-label='Serial']")).to_have_text(record.serial)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(phone, "list-phone")


def test_overdue_is_hard_to_miss_and_the_focus_ring_is_visible(
    open_as, world, make_record, live_server, screenshot, console_errors
):
    late = [make_record(subject=f"Late {n}", due_date=date(2026, 3, 20)) for n in range(3)]
    page = open_as(world.officer_a)
    card = page.locator(".overdue-card")
    expect(card).to_contain_text("3")
    expect(card).to_contain_text("Overdue")
    rows = page.locator("section.queue").first.locator("tr.is-overdue")
    expect(rows).to_have_count(len(late))
    tints = {rows.nth(n).locator("td").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    ) for n in range(len(late))}  # fmt: skip
    assert tints == {"rgb(253, 236, 234)"}  # every row, striped or not
    expect(rows.first.locator(".due-phrase")).to_contain_text("days late")
    screenshot(page, "dashboard-overdue")
    page.get_by_role("link", name="New record").click()
    file_input = page.get_by_label("Scanned letter (PDF)")
    file_input.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    ring = file_input.evaluate(
        "el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineColor,"
        " getComputedStyle(el).outlineWidth]"
    )
    assert ring == ["solid", "rgb(26, 63, 143)", "3px"]  # 10:1 against white


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
