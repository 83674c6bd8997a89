import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PdfAttachment(models.Model):
    """One version of a scanned PDF attached to a record: the incoming letter (stage
    ``created``) or a closing document (stage ``closed``). The file lives in PDF_STORAGE_PATH as
    ``<id>.pdf``; the user's file name is kept only here, never used as a path.

    Documents are permanent (rule 13): replacing one adds a new version and marks this one
    superseded; removing one hides it from the record. Both keep the bytes. Only the retention
    purge destroys them, and it leaves the row (with ``purged_at``) as the history's evidence."""

    class Stage(models.TextChoices):
        CREATED = "created", _("Incoming letter")
        CLOSED = "closed", _("Closing document")

    class Processing(models.TextChoices):
        PENDING = "pending", _("Waiting for its thumbnail and text")
        DONE = "done", _("Thumbnail and text ready")
        FAILED = "failed", _("Thumbnail or text failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record = models.ForeignKey(
        "records.MailRecord", on_delete=models.PROTECT, related_name="attachments"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.CREATED)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Versions: a replacement points at the version it replaced and counts on from it.
    version = models.PositiveIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_reason = models.TextField(blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # Kinds of active content found at intake (JavaScript, launch actions, embedded files, XFA).
    # Such a document is shown inline from an inert copy (``<id>.inert.pdf``); its own bytes are
    # only ever downloaded.
    active_content = models.JSONField(default=list, blank=True)
    # Background work on the document: its thumbnail and the text of its pages.
    processing_state = models.CharField(
        max_length=10, choices=Processing.choices, default=Processing.PENDING
    )
    processing_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    has_thumbnail = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["record", "stage"], name="attachment_record_stage")]

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version} ({self.get_stage_display()})"

    @property
    def file_name(self) -> str:
        return f"{self.id}.pdf"

    @property
    def inert_file_name(self) -> str:
        return f"{self.id}.inert.pdf"

    @property
    def thumbnail_file_name(self) -> str:
        return f"{self.id}.thumb.png"

    @property
    def file_names(self) -> list[str]:
        """Every file the store may hold for this version: its bytes and what is made of them."""
        return [self.file_name, self.inert_file_name, self.thumbnail_file_name]

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None and self.removed_at is None

    @property
    def state(self) -> str:
        if self.purged_at:
            return "purged"
        if self.removed_at:
            return "removed"
        return "superseded" if self.superseded_at else "current"

    @property
    def state_label(self) -> str:
        """The state in words of the reader's language."""
        return str(STATE_LABELS[self.state])


STATE_LABELS = {
    "purged": _("purged"),
    "removed": _("removed"),
    "superseded": _("superseded"),
    "current": _("current"),
}


class DocumentPage(models.Model):
    """The text of one page of a stored document: its text layer, or what OCR read on a page
    that has none. ``terms`` holds the page's words normalised by ``attachments.search`` (NFC,
    case-folded, whole Devanagari words with their vowel signs and conjuncts); PostgreSQL indexes
    them with GIN (a migration for PostgreSQL only). The record is kept here too, so that a
    search finds records without going through the attachments."""

    class Source(models.TextChoices):
        TEXT_LAYER = "text_layer", _("Text layer")
        OCR = "ocr", _("OCR")

    attachment = models.ForeignKey(PdfAttachment, on_delete=models.CASCADE, related_name="pages")
    record = models.ForeignKey(
        "records.MailRecord", on_delete=models.CASCADE, related_name="document_pages"
    )
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=12, choices=Source.choices)
    text = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        ordering = ["attachment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["attachment", "number"], name="page_number_unique")
        ]
        indexes = [models.Index(fields=["record", "number"], name="page_record_number")]

    def __str__(self) -> str:
        return f"{self.attachment} p. {self.number}"
