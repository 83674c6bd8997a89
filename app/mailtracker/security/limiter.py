"""The one limiter for every password check: the API login, the staff and admin logins (through
django-axes' authentication backend), the password change of the API and of the UI, and signup
requests. django-axes keeps the counts in PostgreSQL, so every gunicorn worker on every app host
sees the same ones; a lockout holds one client address and account for LOGIN_LOCKOUT_SECONDS
after the LOGIN_FAILURE_LIMIT-th wrong password."""

import ipaddress
import math

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.utils import timezone

# Signup requests are counted per address under this name; Django's username validator allows
# no brackets, so it is nobody's account.
SIGNUP = "[signup]"


class Locked(Exception):
    """The client is locked out; nothing was checked. ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Locked out for another {retry_after} s.")
        self.retry_after = retry_after


class LimiterBackend(AxesStandaloneBackend):
    """django-axes' backend (first in AUTHENTICATION_BACKENDS) refuses a locked-out client before
    any password is compared; the request is marked so the answer says why (see lockout.py)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.refused_by_limiter = True
            raise


def client_address(request) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, the X-Forwarded-For hop the
    outermost one added (nginx appends the address it saw), as DRF reads it; else REMOTE_ADDR.
    Anything that is not an address is ignored: it would be a forged header, and it goes into
    an inet column."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUSTED_PROXY_COUNT and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        hop = hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))]
        if _is_address(hop):
            return hop
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_address(remote) else None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def account_of(request, credentials: dict | None) -> str | None:
    """The account a try is counted against, as the database keeps it: a guesser gains nothing
    from case, padding or NUL characters, and an overlong name cannot break the insert."""
    source = credentials if credentials is not None else getattr(request, "data", request.POST)
    raw = source.get("username") if isinstance(source, dict) else None
    if raw is None:
        return None
    return str(raw).replace("\x00", "").strip().lower()[:150]


def is_locked(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def ensure_not_locked(request, username: str) -> None:
    if is_locked(request, username):
        raise Locked(retry_after(request, username))


def count_attempt(request, username: str) -> None:
    """Count a wrong password (or a signup request) against the client and account."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def password_matches(*, request, user, password: str) -> bool:
    """Check a signed-in person's password through the limiter: refused outright (``Locked``)
    while locked out, and counted when wrong."""
    username = user.get_username()
    ensure_not_locked(request, username)
    if user.check_password(password):
        return True
    count_attempt(request, username)
    return False


def retry_after(request, username: str) -> int:
    """Seconds until the lockout of this client and account ends."""
    cool_off = get_cool_off(request)
    last = AccessAttempt.objects.filter(
        username=account_of(request, {"username": username}), ip_address=client_address(request)
    ).aggregate(Max("attempt_time"))["attempt_time__max"]
    if last is None:
        return int(cool_off.total_seconds())
    return max(1, math.ceil((last + cool_off - timezone.now()).total_seconds()))
