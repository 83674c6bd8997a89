"""Writes to PDF attachments. A stored file and its row appear together or not at all: the file
is written inside the row's transaction and removed again if anything in that transaction fails."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from mailtracker.attachments import storage
from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.validation import check_size, inspect_pdf
from mailtracker.audit.models import AuditEvent
from mailtracker.audit.services import audit_event_record
from mailtracker.records import policy
from mailtracker.records.models import MailRecord
from mailtracker.records.services import record_close, record_create


@contextmanager
def _file_removed_on_failure(file_name: str) -> Iterator[None]:
    try:
        yield
    except BaseException:
        storage.remove(file_name)
        raise


def _inspected(upload) -> PdfAttachment:
    """Validate the upload before anything is written and describe it as an unsaved row."""
    check_size(upload.size)  # cheap refusal before reading a too-large body
    facts = inspect_pdf(upload)
    return PdfAttachment(
        id=uuid.uuid4(),
        original_name=(upload.name or "document.pdf")[:255],
        size=facts.size,
        sha256=facts.sha256,
        page_count=facts.page_count,
    )


def _store(*, attachment: PdfAttachment, upload, record, actor, stage: str) -> PdfAttachment:
    attachment.record, attachment.uploaded_by, attachment.stage = record, actor, stage
    storage.write_atomically(upload, attachment.file_name)
    attachment.save(force_insert=True)
    return attachment


def _store_uploaded(*, attachment, upload, record, actor, stage: str) -> None:
    _store(attachment=attachment, upload=upload, record=record, actor=actor, stage=stage)
    audit_event_record(
        record=record, actor=actor, action=AuditEvent.Action.PDF_UPLOAD, **_describe(attachment)
    )


def _describe(attachment: PdfAttachment) -> dict:
    return {
        "attachment": str(attachment.id),
        "stage": attachment.stage,
        "name": attachment.original_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def attachment_upload(*, actor, record: MailRecord, upload, stage: str) -> PdfAttachment:
    if stage not in PdfAttachment.Stage.values:
        raise ValidationError({"stage": f"Unknown stage {stage!r}; use 'created' or 'closed'."})
    if not policy.can_attach_pdf(actor, record):
        raise PermissionDenied("You may not attach documents to this record.")
    attachment = _inspected(upload)
    with _file_removed_on_failure(attachment.file_name), transaction.atomic():
        _store_uploaded(
            attachment=attachment, upload=upload, record=record, actor=actor, stage=stage
        )
    return attachment


def attachment_replace(*, actor, old: PdfAttachment, upload) -> PdfAttachment:
    """Put a new file in place of an old one (same stage); the old file is removed after commit."""
    if not policy.can_attach_pdf(actor, old.record):
        raise PermissionDenied("You may not replace documents of this record.")
    attachment = _inspected(upload)
    with _file_removed_on_failure(attachment.file_name), transaction.atomic():
        _store(
            attachment=attachment, upload=upload, record=old.record, actor=actor, stage=old.stage
        )
        audit_event_record(
            record=old.record,
            actor=actor,
            action=AuditEvent.Action.PDF_REPLACE,
            replaced=_describe(old),
            **_describe(attachment),
        )
        _delete_row_then_file(old)
    return attachment


def attachment_delete(*, actor, attachment: PdfAttachment) -> None:
    if not policy.can_attach_pdf(actor, attachment.record):
        raise PermissionDenied("You may not delete documents of this record.")
    with transaction.atomic():
        audit_event_record(
            record=attachment.record,
            actor=actor,
            action=AuditEvent.Action.PDF_DELETE,
            **_describe(attachment),
        )
        _delete_row_then_file(attachment)


def _delete_row_then_file(attachment: PdfAttachment) -> None:
    file_name = attachment.file_name
    attachment.delete()
    # Only once the deletion is committed may the bytes go; a rollback keeps both.
    transaction.on_commit(lambda: storage.remove(file_name))


def record_close_with_document(
    *,
    actor,
    record: MailRecord,
    upload=None,
    remarks: str = "",
    completion_date: date | None = None,
) -> MailRecord:
    """Close a record, attaching the closing document (if any) in the same transaction."""
    return _with_document(
        actor=actor,
        upload=upload,
        stage=PdfAttachment.Stage.CLOSED,
        change=lambda: record_close(
            actor=actor, record=record, remarks=remarks, completion_date=completion_date
        ),
    )


def record_create_with_document(*, actor, upload=None, **fields) -> MailRecord:
    """Register a letter together with its scan: the PDF is checked before anything is written,
    so a refused file leaves no record and uses up no serial number."""
    return _with_document(
        actor=actor,
        upload=upload,
        stage=PdfAttachment.Stage.CREATED,
        change=lambda: record_create(actor=actor, **fields),
    )


def _with_document(*, actor, upload, stage: str, change) -> MailRecord:
    """Run a record service and store its document in one transaction; the upload is checked
    first, and its file removed again if anything fails."""
    if upload is None:
        return change()
    attachment = _inspected(upload)
    with _file_removed_on_failure(attachment.file_name), transaction.atomic():
        record = change()
        _store_uploaded(
            attachment=attachment, upload=upload, record=record, actor=actor, stage=stage
        )
    return record
