from django.conf import settings
from django.db import models


class LockoutEvent(models.Model):
    """A client locked out by the password limiter, or an administrator lifting a lockout.
    Append-only, so administrators see who was attacked from where, and who unlocked whom."""

    class Kind(models.TextChoices):
        LOCKED = "locked", "Locked out"
        UNLOCKED = "unlocked", "Unlocked by an administrator"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The account tried (as typed, normalised), or "[signup]" for signup requests.
    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lockout or unlock"
        verbose_name_plural = "lockouts and unlocks"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} from {self.ip_address or 'unknown'}"
