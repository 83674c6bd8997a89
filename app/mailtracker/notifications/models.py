from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know: a record given to them, taken back, closed or reopened,
    their daily digest, or an overdue record escalated to them. Shown in the app (until read)
    and, if they want it, mailed by the worker; the row keeps the mail's state, so a relay that
    is down delays a mail but never loses it."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        PASSED = "passed", _("Passed to you")
        RETURNED = "returned", _("Returned to you")
        REVOKED = "revoked", _("Your assignment was revoked")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        DIGEST = "digest", _("Daily digest")
        ESCALATED = "escalated", _("Overdue, escalated to you")

    class Mail(models.TextChoices):
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not wanted (preferences), no address, or no relay configured.
        NOT_SENT = "not_sent", _("Not sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record = models.ForeignKey(
        "records.MailRecord",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the mail and the list say beyond the record: the remark, the reason, the counts.
    details = models.JSONField(default=dict, blank=True)
    # Digests and escalations are made by a timer that may run twice: the key makes the second
    # run a no-op ("digest:2026-03-21", "escalated:41:2026-03-20").
    key = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail_state = models.CharField(max_length=10, choices=Mail.choices, default=Mail.PENDING)
    mail_error = models.CharField(max_length=500, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient_id"),
            # The header's unread count on every page: a small partial index.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at=None)
            ),
            # The sweep for mails still to send.
            models.Index(
                fields=["created_at"],
                name="notification_mail_pending",
                condition=Q(mail_state__in=["pending", "failed"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_key",
                condition=~Q(key=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def said(self) -> str:
        """The remark or reason that came with it, if any."""
        details = self.details or {}
        return details.get("remark") or details.get("reason") or ""
