"""Threat: script that is not the app's running in its pages (part of the security suite, in a
real browser). Under the Content-Security-Policy Chromium refuses an injected inline script,
while the app's own scripts, the PDF frame and the API docs work with no console error and
without any other origin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect
from rest_framework.test import APIClient

from mailtracker.attachments.delivery import DOCUMENT_CSP
from mailtracker.demo.pdfs import letter_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECTED = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.appendChild(script);
    return window.injected === true;
}"""


def test_an_injected_inline_script_does_not_run(open_as, world, live_server, console_errors):
    page = open_as(world.clerk_a)
    answer = page.goto(f"{live_server.url}/records/")
    assert "script-src 'self'" in answer.header_value("content-security-policy")

    assert page.evaluate(INJECTED) is False

    refusals = [error for error in console_errors.seen if "Content Security Policy" in error]
    assert len(refusals) == 1
    console_errors.seen.remove(refusals[0])  # the one error this test provokes on purpose


def test_the_pdf_frame_shows_the_document_under_its_own_policy(
    open_as, world, make_record, live_server, console_errors
):
    record = make_record()
    uploader = APIClient()
    uploader.force_authenticate(world.clerk_a)
    pdf = letter_pdf(title="Letter", body="Please act.", pages=1)
    scan = SimpleUploadedFile("letter.pdf", pdf, "application/pdf")
    uploader.post(f"/api/records/{record.pk}/pdf/", {"file": scan}, format="multipart")
    page = open_as(world.clerk_a)

    with page.expect_response(lambda r: "/documents/" in r.url) as document:
        page.goto(f"{live_server.url}/records/{record.pk}/")

    assert document.value.status == 200
    assert document.value.header_value("content-security-policy") == DOCUMENT_CSP
    expect(page.locator("iframe.pdf-frame")).to_be_visible()
    page.wait_for_timeout(1000)  # the viewer loads after the response
    framed = [frame.url for frame in page.frames if frame != page.main_frame]
    assert document.value.url in framed  # not Chromium's error page for a refused frame


def test_the_api_docs_work_without_any_other_origin(chromium, live_server, console_errors):
    context = chromium.new_context()
    elsewhere = []

    def only_this_origin(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_origin)
    page = context.new_page()
    console_errors.watch(page)
    page.goto(f"{live_server.url}/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Mail Tracker API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert elsewhere == []
    context.close()


def test_the_admin_works_under_the_policy(open_as, world, live_server, console_errors):
    page = open_as(world.head_admin)
    page.goto(f"{live_server.url}/admin/accounts/user/{world.officer_a.pk}/change/")
    # The two-list pickers are built by the admin's own scripts.
    expect(page.locator("#id_managed_sections_from")).to_be_visible()
    page.goto(f"{live_server.url}/admin/records/mailrecord/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
