"""Lockouts and unlocks, written to the append-only LockoutEvent log."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from mailtracker.security.models import LockoutEvent


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    # django-axes signals again for each try it refuses during a lockout: not a new lockout.
    if getattr(request, "refused_by_limiter", False):
        return
    LockoutEvent.objects.create(
        kind=LockoutEvent.Kind.LOCKED,
        username=username or "",
        ip_address=ip_address,
        path=(getattr(request, "path", "") or "")[:255],
    )


def record_unlock(*, attempt, by) -> None:
    LockoutEvent.objects.create(
        kind=LockoutEvent.Kind.UNLOCKED,
        username=attempt.username or "",
        ip_address=attempt.ip_address,
        path=attempt.path_info,
        by=by,
    )
