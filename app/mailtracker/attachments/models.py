import uuid

from django.conf import settings
from django.db import models


class PdfAttachment(models.Model):
    """A scanned PDF attached to a record: the incoming letter (stage ``created``) or a closing
    document (stage ``closed``). The file lives in PDF_STORAGE_PATH as ``<id>.pdf``; the user's
    file name is kept only here, never used as a path."""

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

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["record", "stage"], name="attachment_record_stage")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_stage_display()})"

    @property
    def file_name(self) -> str:
        return f"{self.id}.pdf"
