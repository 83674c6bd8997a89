from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One entry of the append-only audit trail: who did what to which record, and when.

    Rows are never updated or deleted by the application (``save`` refuses updates and ``delete``
    refuses outright), so the trail can be trusted as history."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        ASSIGN = "assign", _("Assigned")
        REASSIGN = "reassign", _("Passed on")
        PART_DONE = "part_done", _("Part done")
        REVOKE = "revoke", _("Assignment revoked")
        REMARK = "remark", _("Remark added")
        ACTION_UPDATE = "action_update", _("Current action updated")
        STATUS_CHANGE = "status_change", _("Status changed")
        CLOSE = "close", _("Closed")
        REOPEN = "reopen", _("Reopened")
        PDF_UPLOAD = "pdf_upload", _("PDF uploaded")
        PDF_REPLACE = "pdf_replace", _("PDF replaced")
        PDF_DELETE = "pdf_delete", _("PDF deleted")  # before documents became permanent
        PDF_REMOVE = "pdf_remove", _("PDF removed")
        PDF_PURGE = "pdf_purge", _("PDF purged")

    record = models.ForeignKey(
        "records.MailRecord", on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["record", "at"], name="audit_record_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only and cannot be deleted.")
