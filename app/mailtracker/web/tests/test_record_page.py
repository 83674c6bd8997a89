import pytest
from django.urls import reverse

from mailtracker.records import services
from mailtracker.records.documents import attachment_upload

pytestmark = pytest.mark.django_db


def detail(client, record):
    return client.get(reverse("web:record-detail", args=[record.pk]))


def test_the_record_page_shows_the_fields_the_holders_and_the_time_in_stage(
    browser_as, world, assigned_record, settings
):
    settings.ROLE_LABELS = {"clerk": "UDC"}
    page = detail(browser_as(world.clerk_a), assigned_record)

    assert page.status_code == 200
    html = page.content.decode()
    serial = assigned_record.serial
    assert f"{serial} · Pension revision for retired staff" in html
    assert "LN/2026/17" in html
    assert "District Treasury" in html
    assert 'Officer A <small class="role">(SrAO)</small>' in html  # the designation
    assert 'Clerk A <small class="role">(UDC)</small>' in html  # else the role's title
    assert "In this stage for" in html
    assert f"Registered as {serial}" in html  # the audit timeline
    assert "Assigned to Officer A" in html  # names, not the usernames events store


def test_rule_5_held_by_names_every_holder_with_the_date_on_every_part_of_the_page(
    browser_as, world, make_record
):
    record = make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_a2])
    html = detail(browser_as(world.head), record).content.decode()
    since = record.assignments.first().assigned_at.strftime("%-d %b %Y")
    strip = html[html.index('id="status"') : html.index("Monitored by")]
    assert "Officer A <small" in strip
    assert "Officer A2 <small" in strip
    assert strip.count("since <time") == 2
    assert since in strip
    assert "Current handler" not in html
    register = browser_as(world.head).get(reverse("web:record-list")).content.decode()
    assert register.count("since <time") == 2


def test_the_record_page_shows_the_pdf_inline_through_the_protected_view(
    browser_as, world, make_record, pdf_upload
):
    record = make_record()
    attachment = attachment_upload(
        actor=world.clerk_a, record=record, upload=pdf_upload("scan.pdf"), stage="created"
    )
    page = detail(browser_as(world.clerk_a), record)

    frame_url = reverse("web:record-document", args=[record.pk, attachment.id])
    assert f'<iframe class="pdf-frame" src="{frame_url}"' in page.content.decode()
    assert page.context["shown"] == attachment


def test_the_document_view_streams_the_pdf_in_development(
    browser_as, world, make_record, pdf_upload, pdf_bytes, settings
):
    settings.PDF_DELIVERY = "stream"
    record = make_record()
    attachment = attachment_upload(
        actor=world.clerk_a, record=record, upload=pdf_upload(), stage="created"
    )
    answer = browser_as(world.clerk_a).get(
        reverse("web:record-document", args=[record.pk, attachment.id])
    )
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == pdf_bytes
    assert answer["Content-Type"] == "application/pdf"
    assert answer["X-Frame-Options"] == "SAMEORIGIN"  # framed by the record page only


def test_the_document_view_hands_the_bytes_to_nginx_in_production(
    browser_as, world, make_record, pdf_upload, settings
):
    settings.PDF_DELIVERY = "x-accel"
    record = make_record()
    attachment = attachment_upload(
        actor=world.clerk_a, record=record, upload=pdf_upload(), stage="created"
    )
    answer = browser_as(world.clerk_a).get(
        reverse("web:record-document", args=[record.pk, attachment.id])
    )
    assert answer["X-Accel-Redirect"] == f"/_protected_pdfs/{attachment.id}.pdf"
    assert answer.content == b""


def test_a_record_of_another_section_is_not_found_for_its_page_and_its_documents(
    browser_as, world, make_record, pdf_upload
):
    record = make_record()
    attachment = attachment_upload(
        actor=world.clerk_a, record=record, upload=pdf_upload(), stage="created"
    )
    outsider = browser_as(world.officer_c)

    page = detail(outsider, record)
    document = outsider.get(reverse("web:record-document", args=[record.pk, attachment.id]))

    assert page.status_code == 404
    assert b"records of other subsections are not shown to you" in page.content
    assert document.status_code == 404


def test_an_unknown_document_of_a_visible_record_is_not_found(browser_as, world, make_record):
    record = make_record()
    answer = browser_as(world.clerk_a).get(
        reverse("web:record-document", args=[record.pk, "00000000-0000-0000-0000-000000000000"])
    )
    assert answer.status_code == 404


def test_the_record_page_needs_a_login(client, make_record):
    record = make_record()
    answer = detail(client, record)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_a_record_without_documents_or_assignments_says_so(browser_as, world, make_record):
    page = detail(browser_as(world.clerk_a), make_record())
    assert b"No document is attached to this record." in page.content
    assert b"Officer A" in page.content  # registered for officer A: never with nobody


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("clerk_a", {"edit", "attach_pdf"}),  # registered it, holds nothing
        ("officer_a", {"update_action", "close", "attach_pdf"}),  # the sole holder
        ("officer_a2", set()),  # same subsection, not the holder
        ("section_head", {"edit", "change_monitoring", "assign", "attach_pdf"}),
        ("head", {"edit", "change_monitoring", "assign", "update_action", "close", "attach_pdf"}),
        ("auditor_a", set()),
    ],
)
def test_the_page_offers_exactly_the_actions_the_policy_allows(
    browser_as, world, assigned_record, persona, offered
):
    page = detail(browser_as(getattr(world, persona)), assigned_record)
    assert set(page.context["action_forms"]) == offered - {"change_monitoring"}
    html = page.content.decode()
    assert ('id="action-assign"' in html) == ("assign" in offered)
    assert ('id="action-close"' in html) == ("close" in offered)


@pytest.mark.parametrize(
    ("persona", "may_pass_on", "may_remark"),
    [
        ("officer_a", True, True),  # holds it
        ("section_head", True, True),
        ("officer_a2", False, False),
        ("clerk_a", False, False),
    ],
)
def test_the_assignment_panel_offers_passing_on_and_remarks_only_to_those_allowed(
    browser_as, world, assigned_record, persona, may_pass_on, may_remark
):
    page = detail(browser_as(getattr(world, persona)), assigned_record)
    [chain] = page.context["chains"]
    assert ("reassign" in chain.forms) == may_pass_on
    assert ("remark" in chain.forms) == may_remark


def test_a_closed_record_offers_reopening_to_the_head_only(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record, remarks="Replied")
    head_page = detail(browser_as(world.head), assigned_record)
    holder_page = detail(browser_as(world.officer_a), assigned_record)
    assert "reopen" in head_page.context["action_forms"]
    assert set(holder_page.context["action_forms"]) == set()
