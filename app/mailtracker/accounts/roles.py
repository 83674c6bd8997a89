"""The five roles and their display labels (an office may show its own titles)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Head")
    SECTION_HEAD = "section_head", _("Section head")
    OFFICER = "officer", _("Officer")
    CLERK = "clerk", _("Clerk")
    AUDITOR = "auditor", _("Auditor")


# What a stranger may ask for at signup; wider roles are given by an administrator (rule 15).
SIGNUP_ROLES = (Role.OFFICER, Role.CLERK, Role.AUDITOR)


def role_label(role: str) -> str:
    """The configured title for a role (ROLE_LABELS), or its default label."""
    if role in settings.ROLE_LABELS:
        return settings.ROLE_LABELS[role]
    try:
        return str(Role(role).label)  # in the active language
    except ValueError:
        return role


def is_head(user) -> bool:
    """The head of the office; a superuser counts as one, so the administrator is never locked
    out of a record."""
    return user.is_superuser or user.role == Role.HEAD
