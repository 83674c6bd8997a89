"""Writes of the document processing: asking for it when a document is stored, storing what
it produced (thumbnail, page text, inert copy), and the backfill of older documents.

With DOCUMENT_PROCESSING=queue (servers) the request only adds a job, in the transaction that
stores the document, and the worker does the work. With ``inline`` (the SQLite of ``make run``,
or a server without a worker) it runs in the request, once the document is committed."""

import io
import logging
from collections.abc import Iterable

import pikepdf
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mailtracker.attachments import processing, search, storage
from mailtracker.attachments.active_content import active_content_of, inert_copy
from mailtracker.attachments.models import DocumentPage, PdfAttachment
from mailtracker.attachments.selectors import CURRENT_PAGES
from mailtracker.records.models import MailRecord

logger = logging.getLogger(__name__)
MAX_ERROR = 500


def document_processing_request(*, attachment: PdfAttachment) -> None:
    """Ask for the document's thumbnail and text. Called inside the transaction storing it."""
    if settings.DOCUMENT_PROCESSING == "queue":
        from mailtracker.attachments.tasks import process_document

        # One waiting job per document, whoever asks again (uploads, the backfill).
        process_document.configure(queueing_lock=str(attachment.id)).defer(
            attachment_id=str(attachment.id)
        )
    else:
        transaction.on_commit(
            lambda: document_process(attachment_id=attachment.id, final_attempt=True)
        )


def document_process(*, attachment_id, final_attempt: bool) -> PdfAttachment | None:
    """Make and store the thumbnail, the page text and (for active content) the inert copy.
    A failure is recorded on the document; on the final attempt it marks it failed with the
    reason, otherwise it is raised again for the queue to retry."""
    attachment = PdfAttachment.objects.filter(pk=attachment_id, purged_at__isnull=True).first()
    if attachment is None:
        return None  # purged (or never committed) meanwhile: nothing to do
    try:
        pages = _produce(attachment)
    except Exception as error:
        _record_failure(attachment, error, final=final_attempt)
        if not final_attempt:
            raise
        return attachment
    _store_pages(attachment, pages)
    return attachment


def _produce(attachment: PdfAttachment) -> list[processing.PageText]:
    path = storage.pdf_path(attachment.file_name)
    with pikepdf.open(path) as pdf:
        attachment.active_content = active_content_of(pdf)
    if attachment.active_content:
        storage.write_atomically(io.BytesIO(inert_copy(path)), attachment.inert_file_name)
    storage.write_atomically(
        io.BytesIO(processing.thumbnail_png(path)), attachment.thumbnail_file_name
    )
    return processing.page_texts(path)


@transaction.atomic
def _store_pages(attachment: PdfAttachment, pages: list[processing.PageText]) -> None:
    DocumentPage.objects.filter(attachment=attachment).delete()
    DocumentPage.objects.bulk_create(
        DocumentPage(
            attachment=attachment,
            record_id=attachment.record_id,
            number=page.number,
            source=page.source,
            text=page.text,
            terms=" ".join(search.terms_of(page.text)),
        )
        for page in pages
    )
    record_document_words_refresh(record_id=attachment.record_id)
    attachment.processing_state = PdfAttachment.Processing.DONE
    attachment.processing_error = ""
    attachment.processed_at = timezone.now()
    attachment.has_thumbnail = True
    attachment.save(
        update_fields=[
            "processing_state", "processing_error", "processed_at", "has_thumbnail",
            "active_content",
        ]
    )  # fmt: skip


def record_document_words_refresh(*, record_id: int) -> None:
    """Keep on the record the words of its current documents (``MailRecord.document_words``,
    what the register's search reads). Called in the transaction of every change to a
    document's text or to which documents are current. The record's row is locked first, so
    that two of its documents processed at the same time each see the other's words once it
    has committed, and neither is lost."""
    record = MailRecord.objects.filter(pk=record_id)
    list(record.select_for_update().values_list("pk"))
    words = {}
    pages = DocumentPage.objects.filter(CURRENT_PAGES, record_id=record_id)
    for terms in pages.order_by("attachment_id", "number").values_list("terms", flat=True):
        words.update(dict.fromkeys(terms.split()))
    record.update(document_words=search.stored_words(list(words)))


def _record_failure(attachment: PdfAttachment, error: Exception, *, final: bool) -> None:
    reason = f"{type(error).__name__}: {error}"[:MAX_ERROR]
    logger.warning("Processing document %s failed (final: %s): %s", attachment.id, final, reason)
    changes = {"processing_error": reason}
    if final:
        changes |= {
            "processing_state": PdfAttachment.Processing.FAILED,
            "processed_at": timezone.now(),
        }
    PdfAttachment.objects.filter(pk=attachment.pk).update(**changes)


def documents_backfill(*, states: Iterable[str]) -> int:
    """Ask for the processing of every stored (not purged) document in the given states;
    returns how many were newly asked for. Documents already waiting in the queue are skipped,
    so running it twice queues nothing more."""
    from procrastinate.exceptions import AlreadyEnqueued

    asked = 0
    due = PdfAttachment.objects.filter(purged_at__isnull=True, processing_state__in=list(states))
    for attachment in due.order_by("uploaded_at").iterator():
        try:
            with transaction.atomic():
                if attachment.processing_state != PdfAttachment.Processing.PENDING:
                    PdfAttachment.objects.filter(pk=attachment.pk).update(
                        processing_state=PdfAttachment.Processing.PENDING, processing_error=""
                    )
                document_processing_request(attachment=attachment)
        except AlreadyEnqueued:
            continue
        asked += 1
    return asked
