"""PDF attachments through the API: validation, atomic storage, delivery and scoping."""

import errno
import hashlib
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mailtracker.attachments import storage
from mailtracker.attachments.models import PdfAttachment
from mailtracker.audit.models import AuditEvent
from mailtracker.demo.pdfs import letter_pdf


@pytest.fixture(autouse=True)
def store(tmp_path, settings):
    settings.PDF_STORAGE_PATH = tmp_path / "pdfs"
    return settings.PDF_STORAGE_PATH


@pytest.fixture
def record(make_record):
    return make_record()


def url(record, tail=""):
    return f"/api/records/{record.pk}/pdf/{tail}"


def stored_files(store):
    return sorted(p.name for p in store.iterdir()) if store.exists() else []


def upload(api, user, record, file, **extra):
    return api.as_(user).post(url(record), {"file": file, **extra}, format="multipart")


class TestRefusedUploads:
    def test_a_text_file_named_pdf_is_a_400_and_leaves_nothing(
        self, api, world, record, pdf_upload, store
    ):
        response = upload(api, world.clerk_a, record, pdf_upload(content=b"just some text\n"))
        assert response.status_code == 400
        assert "not a PDF" in response.json()["detail"]
        assert stored_files(store) == []
        assert not PdfAttachment.objects.exists()

    def test_a_truncated_pdf_is_a_400_and_leaves_nothing(
        self, api, world, record, pdf_upload, pdf_bytes, store
    ):
        response = upload(
            api, world.clerk_a, record, pdf_upload(content=pdf_bytes[: len(pdf_bytes) // 2])
        )
        assert response.status_code == 400
        assert "incomplete" in response.json()["detail"]
        assert stored_files(store) == []
        assert not PdfAttachment.objects.exists()

    @override_settings(MAX_PDF_SIZE_MB=1)
    def test_one_byte_over_the_limit_is_a_413_and_leaves_nothing(
        self, api, world, record, pdf_upload, pdf_bytes, store
    ):
        padding = 1024 * 1024 + 1 - len(pdf_bytes)
        too_big = pdf_bytes + b"\n%" + b"x" * (padding - 2)
        assert len(too_big) == 1024 * 1024 + 1
        response = upload(api, world.clerk_a, record, pdf_upload(content=too_big))
        assert response.status_code == 413
        assert "at most 1 MB" in response.json()["detail"]
        assert stored_files(store) == []
        assert not PdfAttachment.objects.exists()

    @override_settings(MAX_PDF_SIZE_MB=1)
    def test_exactly_the_limit_is_accepted(self, api, world, record, pdf_upload, pdf_bytes):
        padded = pdf_bytes + b"\n%" + b"x" * (1024 * 1024 - len(pdf_bytes) - 2)
        assert upload(api, world.clerk_a, record, pdf_upload(content=padded)).status_code == 201

    def test_a_missing_file_or_unknown_stage_is_a_400(self, api, world, record, pdf_upload):
        assert api.as_(world.clerk_a).post(url(record), {}, format="multipart").status_code == 400
        response = upload(api, world.clerk_a, record, pdf_upload(), stage="draft")
        assert response.status_code == 400
        assert "stage" in response.json()

    def test_a_full_disk_is_a_clear_507_and_leaves_nothing(
        self, api, world, record, pdf_upload, store, monkeypatch
    ):
        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        response = upload(api, world.clerk_a, record, pdf_upload())
        assert response.status_code == 507
        assert "full" in response.json()["detail"]
        assert stored_files(store) == []
        assert not PdfAttachment.objects.exists()

    def test_a_database_failure_after_writing_removes_the_file(
        self, api, world, record, pdf_upload, store, monkeypatch
    ):
        def broken_save(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(PdfAttachment, "save", broken_save)
        with pytest.raises(RuntimeError):
            upload(api, world.clerk_a, record, pdf_upload())
        assert stored_files(store) == []


class TestAcceptedUploads:
    def test_a_valid_pdf_is_stored_under_a_uuid_with_its_facts(
        self, api, world, record, pdf_upload, pdf_bytes, store
    ):
        response = upload(api, world.clerk_a, record, pdf_upload(name="Scan of letter.pdf"))
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()
        assert data["page_count"] == 2
        assert data["size"] == len(pdf_bytes)
        assert data["original_name"] == "Scan of letter.pdf"
        assert data["stage"] == "created"
        assert stored_files(store) == [f"{data['id']}.pdf"]
        path = store / f"{data['id']}.pdf"
        assert path.read_bytes() == pdf_bytes
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        event = AuditEvent.objects.get(action="pdf_upload")
        assert event.details["sha256"] == data["sha256"]

    def test_several_documents_per_record_are_listed(self, api, world, record, pdf_upload):
        upload(api, world.clerk_a, record, pdf_upload(name="one.pdf"))
        upload(api, world.clerk_a, record, pdf_upload(name="two.pdf"))
        listed = api.as_(world.officer_a).get(url(record)).json()
        assert [item["original_name"] for item in listed] == ["one.pdf", "two.pdf"]

    def test_the_view_answers_with_x_accel_redirect_and_an_empty_body(
        self, api, world, record, pdf_upload
    ):
        attachment_id = upload(api, world.clerk_a, record, pdf_upload()).json()["id"]
        response = api.as_(world.auditor_a).get(url(record, "view/"))
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/_protected_pdfs/{attachment_id}.pdf"
        assert response.content == b""
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"].startswith("private")
        assert response["Content-Disposition"] == 'inline; filename="letter.pdf"'

    @override_settings(PDF_INTERNAL_PREFIX="/internal/scans/")
    def test_the_redirect_follows_the_configured_prefix(self, api, world, record, pdf_upload):
        attachment_id = upload(api, world.clerk_a, record, pdf_upload()).json()["id"]
        response = api.as_(world.clerk_a).get(url(record, f"view/?attachment={attachment_id}"))
        assert response["X-Accel-Redirect"] == f"/internal/scans/{attachment_id}.pdf"

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Brief für Müller.pdf", "inline; filename*=utf-8''Brief%20f%C3%BCr%20M%C3%BCller.pdf"),
            ('quote".pdf', 'inline; filename="quote\\".pdf"'),
        ],
    )
    def test_hostile_or_foreign_names_give_exactly_one_safe_disposition(
        self, api, world, record, pdf_upload, name, expected
    ):
        upload(api, world.clerk_a, record, pdf_upload(name=name))
        response = api.as_(world.clerk_a).get(url(record, "view/"))
        assert response["Content-Disposition"] == expected
        raw_headers = str(response.serialize_headers(), "latin-1")
        assert raw_headers.count("Content-Disposition") == 1
        assert "\r\nSet-Cookie" not in raw_headers

    @override_settings(PDF_DELIVERY="stream")
    def test_without_nginx_the_view_streams_the_file_itself(
        self, api, world, record, pdf_upload, pdf_bytes
    ):
        upload(api, world.clerk_a, record, pdf_upload())
        response = api.as_(world.clerk_a).get(url(record, "view/"))
        assert response.status_code == 200
        assert "X-Accel-Redirect" not in response
        assert b"".join(response.streaming_content) == pdf_bytes

    def test_the_view_prefers_the_incoming_letter_and_can_pick_any(
        self, api, world, record, pdf_upload
    ):
        letter = upload(api, world.clerk_a, record, pdf_upload(name="letter.pdf")).json()
        reply = upload(api, world.head, record, pdf_upload(name="reply.pdf"), stage="closed").json()
        assert (
            api.as_(world.clerk_a)
            .get(url(record, "view/"))["X-Accel-Redirect"]
            .endswith(f"{letter['id']}.pdf")
        )
        picked = api.as_(world.clerk_a).get(url(record, f"view/?attachment={reply['id']}"))
        assert picked["X-Accel-Redirect"].endswith(f"{reply['id']}.pdf")
        assert api.as_(world.clerk_a).get(url(record, "view/?attachment=nope")).status_code == 404

    def test_a_record_without_a_document_answers_404_on_view(self, api, world, record):
        assert api.as_(world.clerk_a).get(url(record, "view/")).status_code == 404


class TestScope:
    def test_anonymous_gets_401_on_every_pdf_endpoint(self, api, record, pdf_upload):
        assert api.get(url(record)).status_code == 401
        assert api.post(url(record), {"file": pdf_upload()}).status_code == 401
        assert api.get(url(record, "view/")).status_code == 401

    def test_someone_outside_the_scope_gets_404_for_metadata_upload_and_view(
        self, api, world, record, pdf_upload, store
    ):
        upload(api, world.clerk_a, record, pdf_upload())
        outsider = api.as_(world.officer_c)
        assert outsider.get(url(record)).status_code == 404
        assert outsider.get(url(record, "view/")).status_code == 404
        assert outsider.post(url(record), {"file": pdf_upload()}).status_code == 404
        assert len(stored_files(store)) == 1

    def test_an_officer_who_neither_registered_nor_holds_it_cannot_attach(
        self, api, world, record, pdf_upload
    ):
        assert upload(api, world.officer_a2, record, pdf_upload()).status_code == 403


def fingerprint(store) -> dict[str, str]:
    """Every stored file and the sha256 of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(store.iterdir())
    }


class TestRule13DocumentsArePermanent:
    def test_rule_13_replacing_adds_a_version_and_keeps_every_byte(
        self, api, world, record, pdf_upload, store, django_capture_on_commit_callbacks
    ):
        old = upload(api, world.clerk_a, record, pdf_upload(name="old.pdf")).json()
        before = fingerprint(store)
        other = letter_pdf(title="Corrected scan", body="Better copy.")
        with django_capture_on_commit_callbacks(execute=True):
            response = api.as_(world.clerk_a).post(
                url(record, f"{old['id']}/replace/"),
                {"file": pdf_upload(name="new.pdf", content=other)},
                format="multipart",
            )
        assert response.status_code == 201
        new = response.json()
        assert (new["version"], new["replaces"], new["state"]) == (2, old["id"], "current")
        after = fingerprint(store)
        assert len(after) == len(before) + 1
        assert {k: after[k] for k in before} == before  # the old bytes, unchanged
        assert after[f"{new['id']}.pdf"] == hashlib.sha256(other).hexdigest()
        current = api.as_(world.clerk_a).get(url(record)).json()
        assert [d["id"] for d in current] == [new["id"]]
        history = api.as_(world.clerk_a).get(url(record, "?history=1")).json()
        assert {d["id"]: d["state"] for d in history} == {
            old["id"]: "superseded",
            new["id"]: "current",
        }
        shown = api.as_(world.clerk_a).get(url(record, f"view/?attachment={old['id']}"))
        assert shown.status_code == 200  # the superseded version stays viewable
        event = AuditEvent.objects.get(action="pdf_replace")
        assert event.details["replaced"]["name"] == "old.pdf"
        assert event.details["name"] == "new.pdf"
        again = api.as_(world.clerk_a).post(
            url(record, f"{old['id']}/replace/"), {"file": pdf_upload()}, format="multipart"
        )
        assert again.status_code == 400  # only the current version is replaced

    def test_rule_13_removing_hides_the_document_says_why_and_keeps_its_bytes(
        self, api, world, record, pdf_upload, store, django_capture_on_commit_callbacks
    ):
        old = upload(api, world.clerk_a, record, pdf_upload()).json()
        before = fingerprint(store)
        assert api.as_(world.officer_a2).delete(url(record, f"{old['id']}/")).status_code == 403
        no_reason = api.as_(world.clerk_a).delete(url(record, f"{old['id']}/"))
        assert no_reason.status_code == 400
        assert "reason" in no_reason.json()
        with django_capture_on_commit_callbacks(execute=True):
            response = api.as_(world.clerk_a).post(
                url(record, f"{old['id']}/remove/"), {"reason": "Scan of another letter"}
            )
        assert response.status_code == 200
        assert response.json()["state"] == "removed"
        assert fingerprint(store) == before
        assert api.as_(world.clerk_a).get(url(record)).json() == []
        detail = api.as_(world.clerk_a).get(f"/api/records/{record.pk}/").json()
        assert detail["attachments"] == []
        assert detail["has_pdf"] is False
        event = AuditEvent.objects.get(action="pdf_remove")
        assert (event.details["sha256"], event.details["reason"]) == (
            old["sha256"],
            "Scan of another letter",
        )

    def test_the_old_delete_call_removes_with_the_reason_in_the_query(
        self, api, world, record, pdf_upload, store
    ):
        old = upload(api, world.clerk_a, record, pdf_upload()).json()
        response = api.as_(world.clerk_a).delete(url(record, f"{old['id']}/?reason=Duplicate"))
        assert response.status_code == 200
        assert PdfAttachment.objects.get(pk=old["id"]).removed_reason == "Duplicate"
        assert len(stored_files(store)) == 1

    def test_rule_13_only_the_retention_purge_destroys_bytes_and_it_is_audited(
        self, api, world, record, pdf_upload, store, django_capture_on_commit_callbacks
    ):
        from datetime import timedelta

        from django.core.management import call_command
        from django.utils import timezone

        kept = upload(api, world.clerk_a, record, pdf_upload()).json()
        gone = upload(api, world.clerk_a, record, pdf_upload()).json()
        api.as_(world.clerk_a).post(url(record, f"{gone['id']}/remove/"), {"reason": "Twice"})
        PdfAttachment.objects.filter(pk=gone["id"]).update(
            removed_at=timezone.now() - timedelta(days=400)
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("purge_documents", "--older-than-days", "365")
        assert stored_files(store) == [f"{kept['id']}.pdf"]
        purged = PdfAttachment.objects.get(pk=gone["id"])
        assert purged.purged_at is not None
        event = AuditEvent.objects.get(action="pdf_purge")
        assert (event.actor, event.details["attachment"]) == (None, gone["id"])
        view = api.as_(world.clerk_a).get(url(record, f"view/?attachment={gone['id']}"))
        assert view.status_code == 404

    def test_a_bad_replacement_keeps_the_old_document(self, api, world, record, pdf_upload, store):
        old = upload(api, world.clerk_a, record, pdf_upload()).json()
        response = api.as_(world.clerk_a).post(
            url(record, f"{old['id']}/replace/"),
            {"file": SimpleUploadedFile("x.pdf", b"%PDF-garbage")},
            format="multipart",
        )
        assert response.status_code == 400
        assert stored_files(store) == [f"{old['id']}.pdf"]
        assert PdfAttachment.objects.filter(pk=old["id"]).exists()


class TestClosingWithADocument:
    def test_the_holder_closes_with_a_reply_pdf_in_one_step(
        self, api, world, record, pdf_upload, store
    ):
        response = api.as_(world.officer_a).post(
            f"/api/records/{record.pk}/close/",
            {"remarks": "Replied", "file": pdf_upload(name="reply.pdf")},
            format="multipart",
        )
        assert response.status_code == 200, response.json()
        data = response.json()
        assert data["status"] == "closed"
        assert [a["stage"] for a in data["attachments"]] == ["closed"]

    def test_a_bad_closing_document_leaves_the_record_open(
        self, api, world, record, pdf_upload, store
    ):
        response = api.as_(world.head).post(
            f"/api/records/{record.pk}/close/",
            {"file": pdf_upload(content=b"not a pdf"), "remarks": "Replied"},
            format="multipart",
        )
        assert response.status_code == 400
        record.refresh_from_db()
        assert record.status == "assigned"
        assert stored_files(store) == []

    def test_a_close_refused_after_the_write_removes_the_file(
        self, api, world, record, pdf_upload, store
    ):
        response = api.as_(world.officer_a2).post(
            f"/api/records/{record.pk}/close/",
            {"file": pdf_upload(), "remarks": "Not mine to close"},
            format="multipart",
        )
        assert response.status_code == 403
        assert stored_files(store) == []


def test_cr_and_lf_in_a_stored_name_never_reach_the_headers():
    from mailtracker.attachments.delivery import pdf_response

    attachment = PdfAttachment(original_name="evil\r\nSet-Cookie: x=1.pdf")
    response = pdf_response(attachment)
    assert response["Content-Disposition"] == 'inline; filename="evilSet-Cookie: x=1.pdf"'
    raw_headers = str(response.serialize_headers(), "latin-1")
    assert raw_headers.count("Content-Disposition") == 1
    assert "\r\nSet-Cookie" not in raw_headers


def test_the_storage_helper_never_leaves_a_temp_file(tmp_path, settings, pdf_bytes):
    import io

    settings.PDF_STORAGE_PATH = tmp_path
    storage.write_atomically(io.BytesIO(pdf_bytes), "a.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


class TestRegisteringWithADocument:
    def test_a_refused_scan_leaves_no_record_and_uses_no_serial(self, world, pdf_upload, store):
        from mailtracker.attachments.validation import PdfRejected
        from mailtracker.records.documents import record_create_with_document
        from mailtracker.records.models import MailRecord
        from mailtracker.testing.world import record_fields

        with pytest.raises(PdfRejected):
            record_create_with_document(
                actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a],
                upload=pdf_upload(content=b"plain text"), **record_fields(),
            )  # fmt: skip
        assert not MailRecord.objects.exists()
        record = record_create_with_document(
            actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a],
            upload=pdf_upload(), **record_fields(),
        )  # fmt: skip
        assert record.serial.endswith("/001")
        assert [a.stage for a in record.attachments.all()] == ["created"]
        assert stored_files(store) == [f"{record.attachments.get().id}.pdf"]
