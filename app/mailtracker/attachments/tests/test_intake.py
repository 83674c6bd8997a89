"""Every PDF a viewer opens is accepted and stored as uploaded; what no viewer opens is refused
with a message that says why, in the API and in the staff UI alike. PDFs made by qpdf,
Ghostscript and damaged by hand (see mailtracker.testing.corpus)."""

import hashlib
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mailtracker.attachments import validation
from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.validation import (
    CANNOT_OPEN,
    ENCRYPTED_FOR_READERS,
    INCOMPLETE,
    NOT_A_PDF,
)
from mailtracker.records.models import MailRecord

VIEWER_OPENS = [
    "aes256_owner_password_only",
    "linearized",
    "object_streams",
    "startxref_off",
    "crlf_line_ends",
    "without_final_eof",
    "english_scan",
    "hindi_text",
]


@pytest.fixture(params=["held in memory", "spooled to disk"])
def intake(request, settings):
    """Both ways an upload reaches validation: small ones in memory (PDFium loads the pages in
    the worker), larger ones in a temporary file (PDFium loads them in a process of its own)."""
    if request.param == "spooled to disk":
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return request.param


def upload(api, user, record, content, name="scan.pdf"):
    file = SimpleUploadedFile(name, content, "application/pdf")
    return api.as_(user).post(f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart")


@pytest.mark.parametrize("kind", VIEWER_OPENS)
def test_a_pdf_every_viewer_opens_is_accepted_and_stored_byte_for_byte(
    api, world, make_record, corpus, store, kind, intake
):
    content = getattr(corpus, kind)()
    response = upload(api, world.clerk_a, make_record(), content)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["sha256"] == hashlib.sha256(content).hexdigest()
    assert (store / f"{data['id']}.pdf").read_bytes() == content
    assert data["page_count"] >= 1
    assert data["processing_state"] == "pending"


def test_a_line_a_mail_gateway_put_before_the_header_does_not_refuse_the_pdf(
    api, world, make_record, corpus
):
    content = b"X-Scanned-By: gateway\n" + corpus.plain
    assert upload(api, world.clerk_a, make_record(), content).status_code == 201


REFUSED = [
    ("aes256_user_password", ENCRYPTED_FOR_READERS),
    ("truncated", INCOMPLETE % {"detail": "a PDF viewer cannot open it"}),
]


@pytest.mark.parametrize(("kind", "message"), REFUSED)
def test_a_pdf_no_viewer_opens_is_refused_with_what_to_do_and_leaves_nothing(
    api, world, make_record, corpus, store, kind, message, intake
):
    response = upload(api, world.clerk_a, make_record(), getattr(corpus, kind)())
    assert response.status_code == 400
    assert response.json()["detail"] == message
    assert not PdfAttachment.objects.exists()
    assert not store.exists() or list(store.iterdir()) == []


def test_a_password_protected_pdf_says_to_remove_the_password(
    api, world, make_record, corpus, intake
):
    detail = upload(api, world.clerk_a, make_record(), corpus.aes256_user_password()).json()
    assert "Remove the password and upload again" in detail["detail"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"hello, not a pdf", NOT_A_PDF), (b"%PDF-1.7\nnothing of a PDF follows", CANNOT_OPEN)],
)
def test_what_is_not_a_pdf_or_cannot_be_opened_is_refused_with_its_reason(
    api, world, make_record, content, message
):
    response = upload(api, world.clerk_a, make_record(), content)
    assert (response.status_code, response.json()["detail"]) == (400, message)


def test_an_encrypted_scan_registers_a_letter_in_the_ui_and_a_locked_one_is_refused(
    client, world, corpus
):
    """The staff UI registers with the scan; a PDF locked for readers keeps the form, says why
    and registers nothing."""
    client.force_login(world.clerk_a)
    fields = {
        "letter_number": "LN/1", "received_date": "2026-03-03", "subject": "Pension",
        "from_office": "Treasury", "subsection": world.sub_a.pk, "assignees": [world.officer_a.pk],
    }  # fmt: skip
    locked = SimpleUploadedFile("locked.pdf", corpus.aes256_user_password(), "application/pdf")
    refused = client.post("/records/new/", {**fields, "pdf": locked})
    assert refused.status_code == 400
    assert str(ENCRYPTED_FOR_READERS) in refused.content.decode()
    assert not MailRecord.objects.exists()
    protected = SimpleUploadedFile(
        "protected.pdf", corpus.aes256_owner_password_only(), "application/pdf"
    )
    accepted = client.post("/records/new/", {**fields, "pdf": protected})
    assert accepted.status_code == 302
    assert MailRecord.objects.get().attachments.get().original_name == "protected.pdf"


def test_replacing_with_a_truncated_file_keeps_the_current_version(api, world, make_record, corpus):
    record = make_record()
    old = upload(api, world.clerk_a, record, corpus.linearized()).json()
    response = api.as_(world.clerk_a).post(
        f"/api/records/{record.pk}/pdf/{old['id']}/replace/",
        {"file": SimpleUploadedFile("cut.pdf", corpus.truncated())},
        format="multipart",
    )
    assert response.status_code == 400
    assert "incomplete" in response.json()["detail"]
    assert PdfAttachment.objects.get().pk == PdfAttachment.objects.get(pk=old["id"]).pk


@pytest.mark.parametrize(
    ("loader", "timeout_s"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", 30),
        ("import time; time.sleep(10)", 0.5),
    ],
    ids=["PDFium crashes", "PDFium hangs"],
)
def test_a_file_that_crashes_or_hangs_pdfium_is_refused_and_the_worker_lives_on(
    api, world, make_record, corpus, store, settings, monkeypatch, loader, timeout_s
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    monkeypatch.setattr(validation, "PAGE_LOADER", [sys.executable, "-c", loader])
    monkeypatch.setattr(validation, "PAGE_LOAD_TIMEOUT_S", timeout_s)
    response = upload(api, world.clerk_a, make_record(), corpus.plain)
    assert (response.status_code, response.json()["detail"]) == (
        400,
        INCOMPLETE % {"detail": "a PDF viewer cannot open it"},
    )
    assert not PdfAttachment.objects.exists()
    monkeypatch.undo()  # the real loader again: the same process takes the next upload
    assert upload(api, world.clerk_a, make_record(), corpus.plain).status_code == 201
