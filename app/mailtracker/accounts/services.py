"""Writes to accounts: password change, signup requests and their approval, CSV import."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from datetime import timezone as dt_timezone

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from mailtracker.accounts.models import RevokedAccessToken, SignupRequest
from mailtracker.accounts.roles import Role
from mailtracker.org.models import Subsection
from mailtracker.security import limiter

User = get_user_model()


def user_change_password(*, request, user, old_password: str, new_password: str) -> None:
    """Change one's own password; every refresh token issued before is revoked. The current
    password is checked through the password limiter, which counts per client (``request``):
    ``limiter.Locked`` while locked out. The check stays outside the transaction, so that the
    refusal's rollback does not take the count of a wrong password with it."""
    if not limiter.password_matches(request=request, user=user, password=old_password):
        raise ValidationError({"old_password": "The current password is not correct."})
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        tokens_revoke_all(user=user)


@transaction.atomic
def tokens_revoke_at_logout(*, user, refresh: str, access=None) -> None:
    """Blacklist the user's refresh token; revoke the access token too when the logout was made
    with one (a session-authenticated logout has none). Another person's token is refused:
    logging out never ends someone else's session."""
    token = RefreshToken(refresh)
    if str(token.get(api_settings.USER_ID_CLAIM)) != str(user.pk):
        raise PermissionDenied("This refresh token is not yours to revoke.")
    token.blacklist()
    if isinstance(access, AccessToken):
        expires_at = datetime.fromtimestamp(access["exp"], tz=dt_timezone.utc)
        RevokedAccessToken.objects.get_or_create(
            jti=access["jti"], defaults={"expires_at": expires_at}
        )
    # Expired revocations are pointless rows; tidy them whenever someone logs out.
    RevokedAccessToken.objects.filter(expires_at__lt=timezone.now()).delete()


def tokens_revoke_all(*, user) -> None:
    for token in OutstandingToken.objects.filter(user=user):
        BlacklistedToken.objects.get_or_create(token=token)


@transaction.atomic
def signup_request_create(
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    requested_role: str,
    subsection: Subsection | None,
) -> SignupRequest:
    if (
        User.objects.filter(username__iexact=username).exists()
        or SignupRequest.objects.filter(
            username__iexact=username, status=SignupRequest.Status.PENDING
        ).exists()
    ):
        raise ValidationError({"username": "This username is already taken or requested."})
    password_validation.validate_password(password, User(username=username, email=email))
    if requested_role not in Role.values:
        raise ValidationError({"requested_role": "Unknown role."})
    return SignupRequest.objects.create(
        username=username,
        full_name=full_name,
        email=email,
        requested_role=requested_role,
        subsection=subsection,
        password_hash=make_password(password),
    )


@transaction.atomic
def signup_request_approve(*, actor, request: SignupRequest):
    if not actor.is_staff:
        raise PermissionDenied("Only administrators approve signup requests.")
    if request.status != SignupRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    first, _, last = request.full_name.partition(" ")
    user = User.objects.create(
        username=request.username,
        email=request.email,
        first_name=first,
        last_name=last,
        role=request.requested_role,
        subsection=request.subsection,
        password=request.password_hash,
    )
    _decide(request, actor=actor, status=SignupRequest.Status.APPROVED, user=user)
    return user


@transaction.atomic
def signup_request_reject(*, actor, request: SignupRequest) -> None:
    if not actor.is_staff:
        raise PermissionDenied("Only administrators decide signup requests.")
    if request.status != SignupRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    _decide(request, actor=actor, status=SignupRequest.Status.REJECTED, user=None)


def _decide(request: SignupRequest, *, actor, status: str, user) -> None:
    request.status, request.decided_by, request.decided_at = status, actor, timezone.now()
    request.user = user
    request.save()


CSV_COLUMNS = ["username", "full_name", "email", "role", "section", "subsection", "password"]


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def users_import_csv(*, text: str) -> ImportResult:
    """Create users from CSV (columns CSV_COLUMNS, header required). All or nothing: if any row
    is wrong, nothing is created and every problem is reported with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(CSV_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        return ImportResult(errors=[f"missing columns: {', '.join(sorted(missing))}"])
    result, users = ImportResult(), []
    for line, row in enumerate(reader, start=2):
        try:
            users.append(_user_from_row(row))
        except ValidationError as error:
            result.errors.append(f"line {line}: {'; '.join(error.messages)}")
    if not result.errors:
        with transaction.atomic():
            for user in users:
                user.save()
                result.created.append(user.username)
    return result


def _user_from_row(row: dict) -> "User":
    username = (row.get("username") or "").strip()
    if not username:
        raise ValidationError("username is empty")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"user {username} already exists")
    role = (row.get("role") or "").strip()
    if role not in Role.values:
        raise ValidationError(f"unknown role {role!r} (use one of {', '.join(Role.values)})")
    subsection = _subsection_named(row.get("section", ""), row.get("subsection", ""))
    first, _, last = (row.get("full_name") or "").strip().partition(" ")
    user = User(
        username=username,
        email=(row.get("email") or "").strip(),
        first_name=first,
        last_name=last,
        role=role,
        subsection=subsection,
    )
    password = row.get("password") or ""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    return user


def _subsection_named(section: str, subsection: str) -> Subsection | None:
    if not subsection.strip():
        return None
    try:
        return Subsection.objects.get(section__name=section.strip(), name=subsection.strip())
    except Subsection.DoesNotExist:
        raise ValidationError(f"no subsection {subsection!r} in section {section!r}") from None
