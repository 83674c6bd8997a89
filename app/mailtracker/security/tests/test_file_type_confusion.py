"""Threat: a PDF uploaded under another type's name (``x.html``, ``x.svg``) is saved by the
reader's browser under that name and opened by whatever handles that type. Every download of
a document, from the API and from the staff UI, ends in ``.pdf``."""

from email.message import Message

import pytest
from django.urls import reverse

from mailtracker.attachments.models import PdfAttachment

NAMES = [
    ("x.html", "x.html.pdf"),
    ("invoice.svg", "invoice.svg.pdf"),
    ("no-extension", "no-extension.pdf"),
    ("Scan.PDF", "Scan.PDF"),
    ("évaluation.exe", "évaluation.exe.pdf"),
]


def downloaded_name(response) -> str:
    """The file name a browser saves the response under (RFC 6266, filename* included)."""
    message = Message()
    message["Content-Disposition"] = response["Content-Disposition"]
    return message.get_filename()


@pytest.fixture
def attachment_named(api, world, make_record, pdf_upload):
    record = make_record()

    def upload(name: str) -> PdfAttachment:
        response = api.as_(world.clerk_a).post(
            f"/api/records/{record.pk}/pdf/", {"file": pdf_upload(name)}, format="multipart"
        )
        assert response.status_code == 201, response.content
        return PdfAttachment.objects.get(pk=response.json()["id"])

    return upload


@pytest.mark.parametrize(("uploaded_as", "saved_as"), NAMES)
def test_a_document_downloaded_from_the_api_is_saved_as_a_pdf(
    api, world, attachment_named, uploaded_as, saved_as
):
    attachment = attachment_named(uploaded_as)
    response = api.as_(world.clerk_a).get(
        f"/api/records/{attachment.record_id}/pdf/view/",
        {"attachment": str(attachment.pk), "download": "1"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert downloaded_name(response) == saved_as


@pytest.mark.parametrize(("uploaded_as", "saved_as"), NAMES)
def test_a_document_downloaded_from_the_staff_ui_is_saved_as_a_pdf(
    client, world, attachment_named, uploaded_as, saved_as
):
    attachment = attachment_named(uploaded_as)
    client.force_login(world.clerk_a)
    url = reverse("web:record-document", args=[attachment.record_id, attachment.pk])
    for query in ({}, {"download": "1"}):  # shown in the frame, and saved
        assert downloaded_name(client.get(url, query)) == saved_as


def test_the_uploaded_name_is_still_shown_as_it_was(api, world, attachment_named):
    attachment = attachment_named("x.html")
    listed = api.as_(world.clerk_a).get(f"/api/records/{attachment.record_id}/pdf/").json()
    assert [item["original_name"] for item in listed] == ["x.html"]
