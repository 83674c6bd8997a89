"""Writes to accounts: password change, signup requests and their approval. User import lives
in ``accounts.imports``."""

from dataclasses import dataclass, field
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from mailtracker.accounts.models import RevokedAccessToken, SignupRequest
from mailtracker.accounts.roles import SIGNUP_ROLES, Role, role_label
from mailtracker.core.tabular import Row
from mailtracker.org.models import Section, Subsection
from mailtracker.security import limiter

User = get_user_model()


def user_change_password(*, request, user, old_password: str, new_password: str) -> None:
    """Change one's own password; every refresh token issued before is revoked. The current
    password is checked through the password limiter, which counts per client (``request``):
    ``limiter.Locked`` while locked out. The check stays outside the transaction, so that the
    refusal's rollback does not take the count of a wrong password with it."""
    if not limiter.password_matches(request=request, user=user, password=old_password):
        raise ValidationError({"old_password": _("The current password is not correct.")})
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


PREFERENCES = ("language", "email_notifications", "daily_digest")


def user_preferences_update(*, user, **changes):
    """A person's own settings: the language of their pages and mails, and which mails they
    get (one as things happen, the morning digest)."""
    unknown = set(changes) - set(PREFERENCES)
    if unknown:
        raise ValidationError(f"Not a preference: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.full_clean(exclude=[f.name for f in user._meta.fields if f.name not in changes])
        user.save(update_fields=list(changes))
    return user


def tokens_revoke_all(*, user) -> None:
    for token in OutstandingToken.objects.filter(user=user):
        BlacklistedToken.objects.get_or_create(token=token)


def _email_domain_blocked(email: str) -> bool:
    """The domain or any parent of it is on SIGNUP_BLOCKED_EMAIL_DOMAINS."""
    domain = email.rpartition("@")[2].lower().strip()
    blocked = {entry.lower().lstrip("@.") for entry in settings.SIGNUP_BLOCKED_EMAIL_DOMAINS}
    parts = domain.split(".")
    return any(".".join(parts[i:]) in blocked for i in range(len(parts)))


@transaction.atomic
def signup_request_create(
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    requested_role: str,
    designation: str,
    subsection: Subsection | None,
) -> SignupRequest:
    """Rule 15: a stranger asks for an officer's, clerk's or auditor's account. The answer is
    the same whether or not the username exists, so signup tells nobody which ones do; a clash
    is the approving administrator's to see."""
    errors = {}
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        errors["username"] = error.messages
    if requested_role not in SIGNUP_ROLES:
        allowed = ", ".join(role_label(role) for role in SIGNUP_ROLES)
        errors["requested_role"] = _(
            "Ask for one of: %(allowed)s. Other roles are given by an administrator."
        ) % {"allowed": allowed}
    if not designation.strip():
        errors["designation"] = _("Say what your designation is (as on your door).")
    if _email_domain_blocked(email):
        errors["email"] = _(
            "Accounts cannot be requested with this e-mail domain; use your office address."
        )
    try:
        password_validation.validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    return SignupRequest.objects.create(
        username=username,
        full_name=full_name.strip(),
        email=email,
        requested_role=requested_role,
        designation=designation.strip(),
        subsection=subsection,
        password_hash=make_password(password),
    )


def signup_request_problems(request: SignupRequest) -> list[str]:
    """What stops approving the request as it stands (shown to the administrator)."""
    problems = []
    if User.objects.filter(username__iexact=request.username).exists():
        problems.append(f"the username {request.username!r} is taken by an existing account")
    role = request.requested_role
    if role in {Role.OFFICER, Role.CLERK} and request.subsection_id is None:
        problems.append(f"a {role_label(role)} needs a subsection")
    if role == Role.SECTION_HEAD and not request.managed_sections.exists():
        problems.append(f"a {role_label(role)} needs at least one managed section")
    if role == Role.AUDITOR and not request.audited_subsections.exists():
        problems.append(f"an {role_label(role)} needs at least one audited subsection")
    return problems


def _check_decider(actor, request: SignupRequest) -> None:
    if not actor.is_superuser:
        raise PermissionDenied("Only superusers decide signup requests.")
    if request.status != SignupRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")


@transaction.atomic
def signup_request_approve(*, actor, request: SignupRequest):
    """Create the account with the role, subsection, managed sections and audited subsections
    the administrator set on the request. A username taken meanwhile is a clear refusal."""
    request = SignupRequest.objects.select_for_update().get(pk=request.pk)
    _check_decider(actor, request)
    problems = signup_request_problems(request)
    if problems:
        raise ValidationError(f"Cannot approve {request.username}: {'; '.join(problems)}.")
    first, _, last = request.full_name.partition(" ")
    user = User.objects.create(
        username=request.username,
        email=request.email,
        first_name=first,
        last_name=last,
        role=request.requested_role,
        designation=request.designation,
        subsection=request.subsection,
        password=request.password_hash,
    )
    user.managed_sections.set(request.managed_sections.all())
    user.audited_subsections.set(request.audited_subsections.all())
    _decide(request, actor=actor, status=SignupRequest.Status.APPROVED, user=user)
    return user


@transaction.atomic
def signup_request_reject(*, actor, request: SignupRequest) -> None:
    _check_decider(actor, request)
    _decide(request, actor=actor, status=SignupRequest.Status.REJECTED, user=None)


def _decide(request: SignupRequest, *, actor, status: str, user) -> None:
    request.status, request.decided_by, request.decided_at = status, actor, timezone.now()
    request.user = user
    request.save()


USER_COLUMNS = {"username", "full_name", "email", "role", "password"}
ROLE_NEEDS = {
    Role.OFFICER: "subsection",
    Role.CLERK: "subsection",
    Role.SECTION_HEAD: "managed_sections",
    Role.AUDITOR: "audited_subsections",
}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    user: object
    managed: list = field(default_factory=list)
    audited: list = field(default_factory=list)


def users_import(*, rows: list[Row], skip_existing: bool = False) -> ImportResult:
    """Rule 16: create users with role, designation, subsection, managed sections and audited
    subsections. All or nothing: if any row is wrong nothing is created, and every problem is
    reported with its line. ``skip_existing`` leaves existing usernames as they are (the
    bootstrap command runs twice without harm); otherwise they are errors."""
    result, planned, seen = ImportResult(), [], set()
    for row in rows:
        username = row.text("username").lower()
        if username in seen:
            result.errors.append(f"{row.where}: {row.text('username')} appears twice in the file")
            continue
        seen.add(username)
        if skip_existing and User.objects.filter(username__iexact=username).exists():
            result.unchanged.append(row.text("username"))
            continue
        try:
            planned.append(_user_from_row(row))
        except ValidationError as error:
            result.errors.append(f"{row.where}: {'; '.join(error.messages)}")
    if not result.errors:
        with transaction.atomic():
            for plan in planned:
                plan.user.save()
                plan.user.managed_sections.set(plan.managed)
                plan.user.audited_subsections.set(plan.audited)
                result.created.append(plan.user.username)
    return result


def _user_from_row(row: Row) -> _Planned:
    username = row.text("username")
    if not username:
        raise ValidationError("username is empty")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"user {username} already exists")
    role = row.text("role")
    if role not in Role.values:
        raise ValidationError(f"unknown role {role!r} (use one of {', '.join(Role.values)})")
    first, _, last = row.text("full_name").partition(" ")
    plan = _Planned(
        user=User(
            username=username,
            email=row.text("email"),
            first_name=first,
            last_name=last,
            role=role,
            designation=row.text("designation"),
            subsection=_subsection_named(row.text("section"), row.text("subsection")),
        ),
        managed=[_section_named(name) for name in row.names("managed_sections")],
        audited=[_subsection_path(path) for path in row.names("audited_subsections")],
    )
    needed = ROLE_NEEDS.get(role)
    links = {"subsection": plan.user.subsection, "managed_sections": plan.managed}
    links["audited_subsections"] = plan.audited
    if needed and not links[needed]:
        raise ValidationError(f"a {role_label(role)} needs {needed.replace('_', ' ')}")
    _set_password(plan.user, row.values.get("password") or "")
    plan.user.full_clean(exclude=["password"])
    return plan


def _set_password(user, password: str) -> None:
    """A blank password leaves the account unusable until an administrator sets one."""
    if not password:
        user.set_unusable_password()
        return
    password_validation.validate_password(password, user)
    user.set_password(password)


def _subsection_named(section: str, subsection: str) -> Subsection | None:
    if not subsection:
        return None
    try:
        return Subsection.objects.get(section__name=section, name=subsection)
    except Subsection.DoesNotExist:
        raise ValidationError(f"no subsection {subsection!r} in section {section!r}") from None


def _subsection_path(path: str) -> Subsection:
    """``Section/Subsection``, as audited subsections are written in import files."""
    section, slash, subsection = path.partition("/")
    if not slash:
        raise ValidationError(f"write audited subsections as Section/Subsection, not {path!r}")
    return _subsection_named(section.strip(), subsection.strip())


def _section_named(name: str) -> Section:
    try:
        return Section.objects.get(name=name)
    except Section.DoesNotExist:
        raise ValidationError(f"no section {name!r}") from None
    except Section.MultipleObjectsReturned:
        raise ValidationError(f"several offices have a section {name!r}") from None
