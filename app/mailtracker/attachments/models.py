import uuid

from django.conf import settings
from django.db import models


class PdfAttachment(models.Model):
    """One version of a scanned PDF attached to a record: the incoming letter (stage
    ``created``) or a closing document (stage ``closed``). The file lives in PDF_STORAGE_PATH as
    ``<id>.pdf``; the user's file name is kept only here, never used as a path.

    Documents are permanent (rule 13): replacing one adds a new version and marks this one
    superseded; removing one hides it from the record. Both keep the bytes. Only the retention
    purge destroys them, and it leaves the row (with ``purged_at``) as the history's evidence."""

    class Stage(models.TextChoices):
        CREATED = "created", "Incoming letter"
        CLOSED = "closed", "Closing document"

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

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["record", "stage"], name="attachment_record_stage")]

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version} ({self.get_stage_display()})"

    @property
    def file_name(self) -> str:
        return f"{self.id}.pdf"

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
