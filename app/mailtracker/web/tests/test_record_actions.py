"""The record page's actions, through the staff UI: each calls the same service as the API, so
the rules hold here too, and every refusal is shown beside its field with nothing lost."""

import hashlib

import pytest
from django.urls import reverse

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records import services
from mailtracker.records.models import Assignment, Status

pytestmark = pytest.mark.django_db


def post(client, name, pk, data, **extra):
    return client.post(reverse(f"web:{name}", args=[pk]), data, **extra)


def detail(record, region):
    return reverse("web:record-detail", args=[record.pk]) + f"?done={region}#done-message"


@pytest.fixture
def shared(make_record, world):
    """Registered by the section head for officers A and A2 in parallel."""
    return make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_a2])


def test_rule_8_the_section_head_assigns_more_people_and_lands_at_the_assignments(
    browser_as, world, assigned_record
):
    client = browser_as(world.section_head)
    answer = post(
        client, "record-assign", assigned_record.pk,
        {"assign-assignees": [world.officer_a2.pk, world.clerk_a.pk],
         "assign-instructions": "Both please"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert answer["Location"] == detail(assigned_record, "assignments")
    held_by = set(assigned_record.assignments.values_list("assignee__username", flat=True))
    assert held_by == {"officer_a", "officer_a2", "clerk_a"}
    page = client.get(answer["Location"])
    assert page.context["done_region"] == "assignments"
    content = page.content.decode()
    message = content.index("data-focus-after-action")
    assert content.index('id="assignments-title"') < message  # shown where it happened
    assert "Assigned." in content[message : message + 300]


def test_assigning_nobody_is_refused_with_a_message(browser_as, world, assigned_record):
    answer = post(browser_as(world.section_head), "record-assign", assigned_record.pk, {})
    assert answer.status_code == 400
    assert answer.context["action_forms"]["assign"].errors["assignees"]
    assert b'id="action-assign" open' in answer.content


def test_the_assign_picker_leaves_out_who_holds_it_already(browser_as, world, assigned_record):
    page = browser_as(world.section_head).get(
        reverse("web:record-detail", args=[assigned_record.pk])
    )
    offered = page.context["action_forms"]["assign"].fields["assignees"].queryset
    assert world.officer_a not in offered
    assert world.officer_a2 in offered


def test_a_clerk_who_posts_an_assignment_is_refused(browser_as, world, assigned_record):
    answer = post(
        browser_as(world.clerk_a), "record-assign", assigned_record.pk,
        {"assign-assignees": [world.officer_a2.pk]},
    )  # fmt: skip
    assert answer.status_code == 403
    assert b"You may not assign this record." in answer.content
    assert assigned_record.assignments.count() == 1


def test_rule_7_the_holder_passes_on_with_a_remark_and_the_chain_shows_it(
    browser_as, world, assigned_record
):
    first = assigned_record.assignments.get()
    client = browser_as(world.officer_a)
    key = f"reassign-{first.pk}"
    refused = post(
        client, "assignment-reassign", first.pk, {f"{key}-assignee": world.officer_a2.pk}
    )
    assert refused.status_code == 400
    [chain] = refused.context["chains"]
    assert chain.forms["reassign"][1].errors["remark"]
    answer = post(
        client, "assignment-reassign", first.pk,
        {f"{key}-assignee": world.officer_a2.pk, f"{key}-remark": "You know this file"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert answer["Location"] == detail(assigned_record, f"chain-{first.pk}")
    successor = Assignment.objects.get(parent=first)
    assert successor.assignee == world.officer_a2
    page = client.get(answer["Location"])
    [chain] = page.context["chains"]
    assert [step.assignee for step in chain.steps] == [world.officer_a, world.officer_a2]
    assert b"You know this file" in page.content
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.IN_PROGRESS


def test_rule_6_passing_on_offers_only_candidates_and_refuses_others(
    browser_as, world, assigned_record
):
    first = assigned_record.assignments.get()
    client = browser_as(world.officer_a)
    page = client.get(reverse("web:record-detail", args=[assigned_record.pk]))
    [chain] = page.context["chains"]
    offered = set(chain.forms["reassign"][1].fields["assignee"].queryset)
    assert offered == {world.officer_a2, world.clerk_a, world.section_head}
    key = f"reassign-{first.pk}"
    answer = post(
        client, "assignment-reassign", first.pk,
        {f"{key}-assignee": world.officer_c.pk, f"{key}-remark": "Yours"},
    )  # fmt: skip
    assert answer.status_code == 400
    assert not Assignment.objects.filter(parent=first).exists()


def test_someone_not_holding_the_assignment_cannot_pass_it_on(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    answer = post(
        browser_as(world.officer_a2), "assignment-reassign", first.pk,
        {f"reassign-{first.pk}-assignee": world.officer_a2.pk,
         f"reassign-{first.pk}-remark": "Mine"},
    )  # fmt: skip
    assert answer.status_code == 403
    assert not Assignment.objects.filter(parent=first).exists()


def test_rule_8_a_holder_marks_their_part_done_and_the_other_keeps_holding(
    browser_as, world, shared
):
    mine = shared.assignments.get(assignee=world.officer_a2)
    client = browser_as(world.officer_a2)
    page = client.get(reverse("web:record-detail", args=[shared.pk]))
    offered = {c.current.assignee.username: set(c.forms) for c in page.context["chains"]}
    assert offered == {"officer_a": set(), "officer_a2": {"remark", "done", "reassign"}}
    empty = post(client, "assignment-done", mine.pk, {f"done-{mine.pk}-remark": ""})
    assert empty.status_code == 400
    answer = post(client, "assignment-done", mine.pk, {f"done-{mine.pk}-remark": "Arrears done"})
    assert answer.status_code == 302
    mine.refresh_from_db()
    assert (mine.state, mine.end_remark) == (Assignment.State.DONE, "Arrears done")
    page = client.get(reverse("web:record-detail", args=[shared.pk]))
    assert [h.assignee for h in page.context["record"].holding] == [world.officer_a]


def test_rule_8_the_section_head_who_assigned_revokes_with_a_reason(browser_as, world, shared):
    theirs = shared.assignments.get(assignee=world.officer_a2)
    client = browser_as(world.section_head)
    answer = post(
        client, "assignment-revoke", theirs.pk, {f"revoke-{theirs.pk}-reason": "Not needed"}
    )
    assert answer.status_code == 302
    theirs.refresh_from_db()
    assert theirs.state == Assignment.State.REVOKED
    last = shared.assignments.get(assignee=world.officer_a)
    refused = post(client, "assignment-revoke", last.pk, {f"revoke-{last.pk}-reason": "Oops"})
    assert refused.status_code == 400
    assert b"nobody holding it" in refused.content


def test_a_remark_is_added_to_the_assignments_timeline(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    client = browser_as(world.officer_a)
    answer = post(client, "assignment-remark", first.pk, {f"remark-{first.pk}-text": "Called"})
    assert answer.status_code == 302
    page = client.get(reverse("web:record-detail", args=[assigned_record.pk]))
    [chain] = page.context["chains"]
    assert [remark.text for remark, _ in chain.remarks] == ["Called"]
    assert (
        post(client, "assignment-remark", first.pk, {f"remark-{first.pk}-text": "   "}).status_code
        == 400
    )


def test_an_assignment_of_another_section_is_not_found(browser_as, world, assigned_record):
    first = assigned_record.assignments.get()
    for name in ("assignment-remark", "assignment-done", "assignment-revoke"):
        assert post(browser_as(world.officer_c), name, first.pk, {}).status_code == 404
    assert not first.remarks.exists()


def test_rule_9_the_holder_picks_the_current_action_from_the_vocabulary(
    browser_as, world, assigned_record
):
    client = browser_as(world.officer_a)
    made_up = post(
        client, "record-update-action", assigned_record.pk,
        {"update_action-action_status": "Pondering"},
    )  # fmt: skip
    assert made_up.status_code == 400
    answer = post(
        client, "record-update-action", assigned_record.pk,
        {"update_action-action_status": "Draft put up"},
    )  # fmt: skip
    assert answer.status_code == 302
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.IN_PROGRESS
    assert assigned_record.current_action_status == "Draft put up"
    other = post(
        browser_as(world.officer_a2), "record-update-action", assigned_record.pk,
        {"update_action-action_status": "Draft put up"},
    )  # fmt: skip
    assert other.status_code == 403


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


def test_closing_without_a_remark_or_with_a_bad_pdf_keeps_the_record_open(
    browser_as, world, assigned_record, pdf_upload
):
    client = browser_as(world.officer_a)
    no_remark = post(client, "record-close", assigned_record.pk, {})
    assert no_remark.context["action_forms"]["close"].errors["remarks"]
    answer = post(
        client, "record-close", assigned_record.pk,
        {"close-remarks": "Replied", "close-pdf": pdf_upload("reply.pdf", b"%PDF-1.4 truncated")},
    )  # fmt: skip
    assert answer.status_code == 400
    assert answer.context["action_forms"]["close"].errors["pdf"] == [
        "This PDF is damaged and cannot be opened, not even by a repairing reader. "
        "Scan or export it again."
    ]
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.ASSIGNED


def test_rule_10_closing_shows_who_else_holds_and_needs_that_seen(browser_as, world, shared):
    services.record_update_action(
        actor=world.officer_a, record=shared, action_status="Draft put up"
    )
    client = browser_as(world.section_head)
    page = client.get(reverse("web:record-detail", args=[shared.pk]))
    assert "end_open_parts" in page.context["action_forms"]["close"].fields
    assert {a.assignee for a in page.context["others_holding"]} == {
        world.officer_a,
        world.officer_a2,
    }
    assert b"Still held by others." in page.content
    unconfirmed = post(client, "record-close", shared.pk, {"close-remarks": "All done"})
    assert unconfirmed.status_code == 400
    assert b"confirm ending their parts" in unconfirmed.content
    answer = post(
        client, "record-close", shared.pk,
        {"close-remarks": "All done", "close-end_open_parts": "on"},
    )  # fmt: skip
    assert answer.status_code == 302
    shared.refresh_from_db()
    assert shared.status == Status.CLOSED
    holder_page = browser_as(world.officer_a).get(reverse("web:record-detail", args=[shared.pk]))
    assert b"nobody (closed)" in holder_page.content


def test_rule_10_a_holder_is_not_offered_closing_while_others_hold(browser_as, world, shared):
    page = browser_as(world.officer_a).get(reverse("web:record-detail", args=[shared.pk]))
    assert "close" not in page.context["action_forms"]
    assert (
        post(
            browser_as(world.officer_a), "record-close", shared.pk, {"close-remarks": "Mine"}
        ).status_code
        == 403
    )


def test_rule_11_the_head_reopens_with_a_reason_and_only_the_head(
    browser_as, world, assigned_record
):
    services.record_close(actor=world.officer_a, record=assigned_record, remarks="Replied")
    assert post(browser_as(world.head), "record-reopen", assigned_record.pk, {}).status_code == 400
    refused = post(
        browser_as(world.section_head), "record-reopen", assigned_record.pk,
        {"reopen-reason": "Please"},
    )  # fmt: skip
    assert refused.status_code == 403
    answer = post(
        browser_as(world.head), "record-reopen", assigned_record.pk,
        {"reopen-reason": "The reply was incomplete"},
    )  # fmt: skip
    assert answer.status_code == 302
    assigned_record.refresh_from_db()
    assert assigned_record.status == Status.IN_PROGRESS
    assert assigned_record.assignments.get().state == Assignment.State.ACTIVE


def test_details_are_corrected_by_those_the_policy_allows(browser_as, world, assigned_record):
    fields = {
        "edit-letter_number": "LN/2026/18", "edit-received_date": "2026-03-03",
        "edit-from_office": "District Treasury", "edit-subject": "Pension revision (corrected)",
        "edit-letter_date": "", "edit-due_date": "2026-03-20",
    }  # fmt: skip
    answer = post(browser_as(world.clerk_a), "record-edit", assigned_record.pk, fields)
    assert answer.status_code == 302
    assert answer["Location"] == detail(assigned_record, "details")
    assigned_record.refresh_from_db()
    assert (assigned_record.subject, assigned_record.letter_date) == (
        "Pension revision (corrected)",
        None,
    )
    refused = post(browser_as(world.officer_a2), "record-edit", assigned_record.pk, fields)
    assert refused.status_code == 403
    monitor = {**fields, "edit-monitoring_officer": world.officer_a2.pk}
    assert (
        post(browser_as(world.section_head), "record-edit", assigned_record.pk, monitor).status_code
        == 302
    )
    assigned_record.refresh_from_db()
    assert assigned_record.monitoring_officer == world.officer_a2


def test_rule_13_replace_and_remove_from_the_page_keep_every_stored_byte(
    browser_as, world, assigned_record, pdf_upload, settings, tmp_path
):
    from mailtracker.demo.pdfs import letter_pdf

    settings.PDF_STORAGE_PATH = tmp_path
    client = browser_as(world.clerk_a)
    post(client, "record-upload", assigned_record.pk,
         {"attach_pdf-stage": "created", "attach_pdf-pdf": pdf_upload("scan.pdf")})  # fmt: skip
    first = assigned_record.attachments.get()

    def fingerprint():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}

    before = fingerprint()
    url = reverse("web:record-document-replace", args=[assigned_record.pk, first.pk])
    better = letter_pdf(title="Better scan", body="Readable now.")
    answer = client.post(url, {f"replace-{first.pk}-pdf": pdf_upload("scan2.pdf", better)})
    assert answer.status_code == 302
    second = assigned_record.attachments.get(version=2)
    url = reverse("web:record-document-remove", args=[assigned_record.pk, second.pk])
    assert client.post(url, {f"remove-{second.pk}-reason": ""}).status_code == 400
    answer = client.post(url, {f"remove-{second.pk}-reason": "Belongs to another letter"})
    assert answer.status_code == 302
    after = fingerprint()
    assert len(after) == 2
    assert {k: after[k] for k in before} == before
    assert after[second.file_name] == hashlib.sha256(better).hexdigest()
    page = client.get(reverse("web:record-detail", args=[assigned_record.pk]))
    assert page.context["documents"] == []
    assert [a.state for a in page.context["history_documents"]] == ["superseded", "removed"]
    old = client.get(reverse("web:record-document", args=[assigned_record.pk, first.pk]))
    assert old.status_code == 200  # still viewable from the history


@pytest.mark.parametrize(
    "name", ["record-assign", "record-update-action", "record-close", "record-reopen",
             "record-upload", "record-edit"],
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
