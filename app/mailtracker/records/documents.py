"""Writes to a record's documents, and the record services that store one. A stored file and
its row appear together or not at all: the file is written inside the row's transaction and
removed again if anything in that transaction fails. Once committed, bytes are never destroyed
by a workflow action (rule 13): replace adds a version, remove hides; only the retention purge
deletes files."""

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mailtracker.attachments import storage
from mailtracker.attachments.active_content import inert_copy
from mailtracker.attachments.models import DocumentPage, PdfAttachment
from mailtracker.attachments.services import (
    document_processing_request,
    record_document_words_refresh,
)
from mailtracker.attachments.validation import check_size, inspect_pdf
from mailtracker.audit.models import AuditEvent
from mailtracker.audit.services import audit_event_record
from mailtracker.records import policy
from mailtracker.records.models import MailRecord
from mailtracker.records.services import record_close, record_create


@contextmanager
def _files_removed_on_failure(attachment: PdfAttachment) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for name in attachment.file_names:
            storage.remove(name)
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
        active_content=facts.active_content,
    )


def _store(*, attachment: PdfAttachment, upload, record, actor, stage: str) -> PdfAttachment:
    attachment.record, attachment.uploaded_by, attachment.stage = record, actor, stage
    storage.write_atomically(upload, attachment.file_name)
    if attachment.active_content:
        # Shown inline from the first request on, so the inert copy cannot wait for the queue.
        upload.seek(0)
        storage.write_atomically(io.BytesIO(inert_copy(upload)), attachment.inert_file_name)
    attachment.save(force_insert=True)
    document_processing_request(attachment=attachment)
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
        "version": attachment.version,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def _check_may_change(actor, record: MailRecord) -> None:
    if not policy.can_attach_pdf(actor, record):
        raise PermissionDenied(_("You may not change the documents of this record."))


def attachment_upload(*, actor, record: MailRecord, upload, stage: str) -> PdfAttachment:
    if stage not in PdfAttachment.Stage.values:
        raise ValidationError({"stage": f"Unknown stage {stage!r}; use 'created' or 'closed'."})
    _check_may_change(actor, record)
    attachment = _inspected(upload)
    with _files_removed_on_failure(attachment), transaction.atomic():
        _store_uploaded(
            attachment=attachment, upload=upload, record=record, actor=actor, stage=stage
        )
    return attachment


def _locked_current(attachment: PdfAttachment) -> PdfAttachment:
    """The row, locked; refused unless it is a current version (not superseded or removed)."""
    attachment = PdfAttachment.objects.select_for_update().get(pk=attachment.pk)
    if not attachment.is_current:
        raise ValidationError(
            {
                "detail": _("This version is %(state)s: only a current document changes.")
                % {"state": attachment.state_label}
            }
        )
    return attachment


def attachment_replace(*, actor, old: PdfAttachment, upload) -> PdfAttachment:
    """Store a new version of a document (same stage). The old version stays, superseded and
    viewable from the history."""
    _check_may_change(actor, old.record)
    attachment = _inspected(upload)
    with _files_removed_on_failure(attachment), transaction.atomic():
        old = _locked_current(old)
        old.superseded_at = timezone.now()
        old.save(update_fields=["superseded_at"])
        attachment.version, attachment.replaces = old.version + 1, old
        _store(
            attachment=attachment, upload=upload, record=old.record, actor=actor, stage=old.stage
        )
        # The old version's words are no longer searched; the new one's come once read.
        record_document_words_refresh(record_id=old.record_id)
        audit_event_record(
            record=old.record,
            actor=actor,
            action=AuditEvent.Action.PDF_REPLACE,
            replaced=_describe(old),
            **_describe(attachment),
        )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: PdfAttachment, reason: str) -> PdfAttachment:
    """Hide a document from the record, saying why; its bytes stay (rule 13)."""
    _check_may_change(actor, attachment.record)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the document is removed.")})
    attachment = _locked_current(attachment)
    attachment.removed_at, attachment.removed_by = timezone.now(), actor
    attachment.removed_reason = reason
    attachment.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    record_document_words_refresh(record_id=attachment.record_id)
    audit_event_record(
        record=attachment.record,
        actor=actor,
        action=AuditEvent.Action.PDF_REMOVE,
        reason=reason,
        **_describe(attachment),
    )
    return attachment


def documents_purge(*, ended_before: datetime) -> list[PdfAttachment]:
    """The retention purge: destroy the bytes of versions superseded or removed before the
    given moment. The rows stay (marked purged), each purge is an audit event by nobody (the
    scheduled job), and files go only once that is committed."""
    with transaction.atomic():
        due = PdfAttachment.objects.select_for_update().filter(
            Q(superseded_at__lt=ended_before) | Q(removed_at__lt=ended_before),
            purged_at__isnull=True,
        )
        purged = list(due)
        # The text read from the destroyed bytes goes with them.
        DocumentPage.objects.filter(attachment__in=purged).delete()
        now = timezone.now()
        for attachment in purged:
            attachment.purged_at = now
            attachment.save(update_fields=["purged_at"])
            audit_event_record(
                record=attachment.record,
                actor=None,
                action=AuditEvent.Action.PDF_PURGE,
                **_describe(attachment),
            )
            for name in attachment.file_names:
                transaction.on_commit(lambda name=name: storage.remove(name))
    return purged


def record_close_with_document(*, actor, record: MailRecord, upload=None, **close) -> MailRecord:
    """Close a record, attaching the closing document (if any) in the same transaction."""
    return _with_document(
        actor=actor,
        upload=upload,
        stage=PdfAttachment.Stage.CLOSED,
        change=lambda: record_close(actor=actor, record=record, **close),
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
    with _files_removed_on_failure(attachment), transaction.atomic():
        record = change()
        _store_uploaded(
            attachment=attachment, upload=upload, record=record, actor=actor, stage=stage
        )
    return record
