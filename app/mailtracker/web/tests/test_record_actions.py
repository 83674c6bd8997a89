import pytest
from django.urls import reverse

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records import services
from mailtracker.records.models import Assignment, Status

pytestmark = pytest.mark.django_db


def post(client, name, pk, data, **extra):
    return client.post(reverse(f"web:{name}", args=[pk]), data, **extra)


def test_the_section_head_assigns_a_record_to_two_officers(browser_as, world, make_record):
    record = make_record()
    answer = post(
        browser_as(world.section_head),
        "record-assign",
        record.pk,
        {"assign-assignees": [world.officer_a.pk, world.officer_a2.pk],
         "assign-instructions": "Both please"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert answer["Location"] == reverse("web:record-detail", args=[record.pk])
    held_by = set(record.assignments.values_list("assignee__username", flat=True))
    assert held_by == {"officer_a", "officer_a2"}
    record.refresh_from_db()
    assert record.status == Status.ASSIGNED


def test_assigning_nobody_is_refused_with_a_message(browser_as, world, make_record):
    record = make_record()
    answer = post(browser_as(world.section_head), "record-assign", record.pk, {})
    assert answer.status_code == 400
    assert answer.context["action_forms"]["assign"].errors["assignees"]
    assert b'id="action-assign" open' in answer.content


def test_assigning_someone_who_already_holds_it_shows_the_services_message(
    browser_as, world, assigned_record
):
    answer = post(
        browser_as(world.section_head),
        "record-assign",
        assigned_record.pk,
        {"assign-assignees": [world.officer_a.pk]},
    )
    assert answer.status_code == 400
    errors = answer.context["action_forms"]["assign"].errors["assignees"]
    assert errors == ["Already holding this record: ['officer_a']."]


def test_a_clerk_who_posts_an_assignment_is_refused(browser_as, world, make_record):
    record = make_record()
    answer = post(
        browser_as(world.clerk_a), "record-assign", record.pk,
        {"assign-assignees": [world.officer_a.pk]},
    )  # fmt: skip
    assert answer.status_code == 403
    assert b"You may not assign this record." in answer.content
    assert not record.assignments.exists()


def test_the_holder_passes_the_assignment_on_and_the_chain_shows_it(
    browser_as, world, assigned_record
):
    first = assigned_record.assignments.get()
    client = browser_as(world.officer_a)
    answer = post(
        client, "assignment-reassign", first.pk,
        {f"reassign-{first.pk}-assignee": world.officer_a2.pk,
         f"reassign-{first.pk}-instructions": "You know this file"},
    )  # fmt: skip
    assert answer.status_code == 302
    successor = Assignment.objects.get(parent=first)
    assert successor.assignee == world.officer_a2

    page = client.get(reverse("web:record-detail", args=[assigned_record.pk]))
    [chain] = page.context["chains"]
    assert [step.assignee for step in chain.steps] == [world.officer_a, world.officer_a2]
    assert b"You know this file" in page.content


def test_someone_not_holding_the_assignment_cannot_pass_it_on(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    answer = post(
        browser_as(world.officer_a2), "assignment-reassign", first.pk,
        {f"reassign-{first.pk}-assignee": world.officer_a2.pk},
    )  # fmt: skip
    assert answer.status_code == 403
    assert not Assignment.objects.filter(parent=first).exists()


def test_an_assignment_of_another_section_is_not_found(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    answer = post(
        browser_as(world.officer_c), "assignment-remark", first.pk,
        {f"remark-{first.pk}-text": "Hello"},
    )  # fmt: skip
    assert answer.status_code == 404
    assert not first.remarks.exists()


def test_a_remark_is_added_to_the_assignments_timeline(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    client = browser_as(world.officer_a)
    answer = post(client, "assignment-remark", first.pk, {f"remark-{first.pk}-text": "Called"})
    assert answer.status_code == 302
    page = client.get(reverse("web:record-detail", args=[assigned_record.pk]))
    [chain] = page.context["chains"]
    assert [remark.text for remark, _ in chain.remarks] == ["Called"]


def test_an_empty_remark_is_refused_beside_its_field(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    answer = post(
        browser_as(world.officer_a), "assignment-remark", first.pk,
        {f"remark-{first.pk}-text": "   "},
    )  # fmt: skip
    assert answer.status_code == 400
    [chain] = answer.context["chains"]
    assert chain.remark_form.errors["text"]


def test_the_holder_updates_the_current_action(browser_as, world, assigned_record):
    answer = post(
        browser_as(world.officer_a), "record-update-action", assigned_record.pk,
        {"update_action-action_status": "Draft reply sent for approval"},
    )  # fmt: skip
    assert answer.status_code == 302
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.IN_PROGRESS
    assert assigned_record.current_action_status == "Draft reply sent for approval"


def test_a_colleague_not_holding_the_record_cannot_update_its_action(
    browser_as, world, assigned_record
):
    answer = post(
        browser_as(world.officer_a2), "record-update-action", assigned_record.pk,
        {"update_action-action_status": "Mine now"},
    )  # fmt: skip
    assert answer.status_code == 403
    assigned_record.refresh_from_db()
    assert assigned_record.current_action_status == ""


def test_the_holder_closes_with_a_reply_pdf(browser_as, world, assigned_record, pdf_upload):
    answer = post(
        browser_as(world.officer_a), "record-close", assigned_record.pk,
        {"close-remarks": "Replied", "close-pdf": pdf_upload("reply.pdf")},
        headers={"accept": "application/json"},
    )  # fmt: skip
    assert answer.status_code == 201
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.CLOSED
    closing = assigned_record.attachments.get()
    assert (closing.stage, closing.original_name) == (PdfAttachment.Stage.CLOSED, "reply.pdf")


def test_closing_with_a_bad_pdf_keeps_the_record_open(
    browser_as, world, assigned_record, pdf_upload
):
    answer = post(
        browser_as(world.officer_a), "record-close", assigned_record.pk,
        {"close-pdf": pdf_upload("reply.pdf", b"%PDF-1.4 truncated")},
    )  # fmt: skip
    assert answer.status_code == 400
    assert answer.context["action_forms"]["close"].errors["pdf"] == [
        "This PDF is damaged or incomplete and cannot be read."
    ]
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.ASSIGNED


def test_someone_who_does_not_hold_the_record_cannot_close_it(browser_as, world, assigned_record):
    answer = post(browser_as(world.officer_a2), "record-close", assigned_record.pk, {})
    assert answer.status_code == 403
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.ASSIGNED


def test_the_head_reopens_a_closed_record_with_a_reason(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record)
    answer = post(
        browser_as(world.head), "record-reopen", assigned_record.pk,
        {"reopen-reason": "The reply was incomplete"},
    )  # fmt: skip
    assert answer.status_code == 302
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.IN_PROGRESS


def test_reopening_without_a_reason_asks_for_one(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record)
    answer = post(browser_as(world.head), "record-reopen", assigned_record.pk, {})
    assert answer.status_code == 400
    assert answer.context["action_forms"]["reopen"].errors["reason"]


def test_only_the_head_may_reopen(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record)
    answer = post(
        browser_as(world.section_head), "record-reopen", assigned_record.pk,
        {"reopen-reason": "Please"},
    )  # fmt: skip
    assert answer.status_code == 403
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.CLOSED


def test_a_document_is_attached_from_the_record_page(
    browser_as, world, assigned_record, pdf_upload
):
    answer = post(
        browser_as(world.clerk_a), "record-upload", assigned_record.pk,
        {"attach_pdf-stage": "created", "attach_pdf-pdf": pdf_upload("annex.pdf")},
    )  # fmt: skip
    assert answer.status_code == 302
    assert assigned_record.attachments.get().original_name == "annex.pdf"


@pytest.mark.parametrize(
    "name", ["record-assign", "record-update-action", "record-close", "record-reopen",
             "record-upload"],
)  # fmt: skip
def test_every_action_on_a_record_outside_the_scope_is_not_found(
    browser_as, world, assigned_record, name
):
    answer = post(browser_as(world.officer_c), name, assigned_record.pk, {})
    assert answer.status_code == 404


@pytest.mark.parametrize("name", ["record-assign", "record-close"])
def test_actions_need_a_login_and_a_post(client, browser_as, world, assigned_record, name):
    anonymous = post(client, name, assigned_record.pk, {})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    url = reverse(f"web:{name}", args=[assigned_record.pk])
    assert browser_as(world.head).get(url).status_code == 405
