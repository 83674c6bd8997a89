from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from mailtracker.accounts.roles import Role, role_label
from mailtracker.org.models import Section, Subsection


class User(AbstractUser):
    """A member of staff (or an integration account). The role and the org links decide what the
    user may see: see ``records.selectors.records_visible_to``."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLERK)
    # What the person's door says ("SrAO", "AAO", "Sr. Auditor"), shown beside their name.
    designation = models.CharField(max_length=100, blank=True)
    # Officers and clerks belong to one subsection.
    subsection = models.ForeignKey(
        Subsection, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Section heads see every record of the sections they manage.
    managed_sections = models.ManyToManyField(Section, blank=True, related_name="heads")
    # Auditors see the subsections they are configured for.
    audited_subsections = models.ManyToManyField(Subsection, blank=True, related_name="auditors")
    # The language of the pages and of the mails this person gets; blank: the browser's.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    # A mail for each thing given to (or taken from) this person, as it happens.
    email_notifications = models.BooleanField(_("mail me as things happen"), default=True)
    # One morning mail: what this person holds, and what of it is overdue.
    daily_digest = models.BooleanField(_("daily digest"), default=True)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def title(self) -> str:
        """The designation if the office gave one, else the configured title of the role."""
        return self.designation or self.role_label


class RevokedAccessToken(models.Model):
    """An access token given up at logout, refused until it would have expired anyway."""

    jti = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.jti


class SignupRequest(models.Model):
    """A request for an account, made from the login page and decided by an administrator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    username = models.CharField(max_length=150)
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    # The role asked for (officer, clerk or auditor); the approving administrator may correct it
    # to any role, together with the org links below, before approving.
    requested_role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLERK)
    designation = models.CharField(max_length=100, blank=True)
    subsection = models.ForeignKey(Subsection, null=True, blank=True, on_delete=models.SET_NULL)
    managed_sections = models.ManyToManyField(Section, blank=True, related_name="+")
    audited_subsections = models.ManyToManyField(Subsection, blank=True, related_name="+")
    # Hashed with Django's hasher at request time, so the plain password is never stored.
    password_hash = models.CharField(max_length=256)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="signup_request"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username} ({self.get_status_display()})"
