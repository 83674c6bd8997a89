import json

import pytest
from django.urls import reverse

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records.models import MailRecord

pytestmark = pytest.mark.django_db


def letter(world, **overrides) -> dict:
    fields = {
        "assignees": [world.officer_a.pk],
        "letter_number": "LN/77",
        "letter_date": "2026-03-01",
        "received_date": "2026-03-03",
        "from_office": "District Treasury",
        "subject": "Pension revision",
        "action_required": "Examine and reply",
        "due_date": "2026-03-20",
    }
    fields.update(overrides)
    return fields


def test_the_create_page_offers_only_the_subsections_the_user_may_register_in(browser_as, world):
    page = browser_as(world.section_head).get(reverse("web:record-create"))
    assert page.status_code == 200
    offered = list(page.context["form"].fields["subsection"].queryset)
    assert offered == [world.sub_a, world.sub_b]
    assert b'data-max-bytes="20971520"' in page.content  # MAX_PDF_SIZE_MB = 20
    assert b'accept="application/pdf,.pdf"' in page.content


def test_the_page_tells_the_browser_the_configured_size_limit(browser_as, world, settings):
    settings.MAX_PDF_SIZE_MB = 5
    page = browser_as(world.clerk_a).get(reverse("web:record-create"))
    assert b'data-max-bytes="5242880"' in page.content
    assert b"A PDF of at most 5 MB." in page.content


def test_a_clerk_registers_a_letter_with_its_pdf(browser_as, world, pdf_upload):
    client = browser_as(world.clerk_a)
    answer = client.post(
        reverse("web:record-create"),
        {**letter(world, subsection=world.sub_a.pk), "pdf": pdf_upload()},
    )

    record = MailRecord.objects.get()
    assert answer.status_code == 302
    detail = reverse("web:record-detail", args=[record.pk])
    assert answer["Location"] == f"{detail}?done=status#done-message"
    assert record.created_by == world.clerk_a
    assert record.status == "assigned"
    assert list(record.assignments.values_list("assignee__username", flat=True)) == ["officer_a"]
    assert record.attachments.get().stage == PdfAttachment.Stage.CREATED


def test_an_upload_from_the_page_script_gets_json_with_the_next_address(
    browser_as, world, pdf_upload
):
    answer = browser_as(world.clerk_a).post(
        reverse("web:record-create"),
        {**letter(world, subsection=world.sub_a.pk), "pdf": pdf_upload()},
        headers={"accept": "application/json"},
    )
    record = MailRecord.objects.get()
    assert answer.status_code == 201
    detail = reverse("web:record-detail", args=[record.pk])
    assert answer.json() == {"redirect": f"{detail}?done=status#done-message"}


def test_a_file_that_is_not_a_pdf_is_refused_and_no_record_is_left(browser_as, world, pdf_upload):
    answer = browser_as(world.clerk_a).post(
        reverse("web:record-create"),
        {**letter(world, subsection=world.sub_a.pk), "pdf": pdf_upload("notes.pdf", b"hello")},
        headers={"accept": "application/json"},
    )
    assert answer.status_code == 400
    assert json.loads(answer.content)["errors"]["pdf"] == [
        "This file is not a PDF (there is no %PDF- header at its start)."
    ]
    assert not MailRecord.objects.exists()


def test_a_pdf_over_the_limit_is_refused_with_413_and_the_limit_named(
    browser_as, world, pdf_upload, settings
):
    settings.MAX_PDF_SIZE_MB = 0  # every real file is then too large
    answer = browser_as(world.clerk_a).post(
        reverse("web:record-create"),
        {**letter(world, subsection=world.sub_a.pk), "pdf": pdf_upload()},
    )
    assert answer.status_code == 413
    assert "PDFs may be at most 0 MB" in answer.context["form"].errors["pdf"][0]
    assert not MailRecord.objects.exists()


def test_the_services_date_rule_is_shown_beside_the_field(browser_as, world):
    answer = browser_as(world.clerk_a).post(
        reverse("web:record-create"),
        letter(world, subsection=world.sub_a.pk, letter_date="2026-04-01"),
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["letter_date"] == [
        "The letter cannot be dated after the day it was received."
    ]
    assert b'aria-invalid="true"' in answer.content


def test_missing_fields_are_named(browser_as, world):
    answer = browser_as(world.clerk_a).post(reverse("web:record-create"), {})
    assert answer.status_code == 400
    assert "subject" in answer.context["form"].errors
    assert not MailRecord.objects.exists()


def test_a_clerk_cannot_register_in_another_subsection(browser_as, world):
    answer = browser_as(world.clerk_a).post(
        reverse("web:record-create"), letter(world, subsection=world.sub_c.pk)
    )
    assert answer.status_code == 400
    assert "subsection" in answer.context["form"].errors
    assert not MailRecord.objects.exists()


def test_rule_6_the_picker_offers_only_candidates_grouped_by_subsection_with_a_filter(
    browser_as, world
):
    page = browser_as(world.clerk_a).get(reverse("web:record-create"))
    groups = dict(page.context["form"].fields["assignees"].choices)
    assert set(groups) == {"Administration / A", "Heads and section heads"}
    assert [label for _, label in groups["Heads and section heads"]] == [
        "Section Head (Section head)"
    ]
    assert "Officer A (SrAO)" in [label for _, label in groups["Administration / A"]]
    assert b"data-people-filter" in page.content
    assert b"<legend>Administration / A</legend>" in page.content


def test_rule_2_registering_without_anyone_to_act_is_refused_beside_the_picker(browser_as, world):
    data = letter(world, subsection=world.sub_a.pk)
    del data["assignees"]
    answer = browser_as(world.clerk_a).post(reverse("web:record-create"), data)
    assert answer.status_code == 400
    assert answer.context["form"].errors["assignees"] == ["This field is required."]
    assert b'value="Pension revision"' in answer.content  # nothing to retype
    assert not MailRecord.objects.exists()


def test_rule_6_someone_outside_the_candidates_cannot_be_slipped_in(browser_as, world):
    data = letter(world, subsection=world.sub_a.pk, assignees=[world.officer_c.pk])
    answer = browser_as(world.clerk_a).post(reverse("web:record-create"), data)
    assert answer.status_code == 400
    assert "assignees" in answer.context["form"].errors
    assert not MailRecord.objects.exists()


def test_rule_4_only_the_head_and_section_heads_are_offered_the_monitoring_officer(
    browser_as, world
):
    clerk = browser_as(world.clerk_a).get(reverse("web:record-create"))
    head = browser_as(world.section_head).get(reverse("web:record-create"))
    assert "monitoring_officer" not in clerk.context["form"].fields
    assert "monitoring_officer" in head.context["form"].fields
