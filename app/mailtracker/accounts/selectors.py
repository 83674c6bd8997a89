"""Reads of accounts: whom a person may give work to (rule 6)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from mailtracker.accounts.roles import Role, is_head

User = get_user_model()


def people_active() -> QuerySet:
    """Active people in the order pickers list them: by subsection, then by name."""
    return (
        User.objects.filter(is_active=True)
        .select_related("subsection__section")
        .order_by("subsection__section__name", "subsection__name", "first_name", "username")
    )


def candidates_for(user) -> QuerySet:
    """The people ``user`` may register a letter for, assign, or pass work on to:
    - head: anyone active;
    - section head: anyone in the sections they manage, other section heads, and the head;
    - officer and clerk: their own subsection, and their section's section heads;
    - auditor: officers of the subsections they audit."""
    people = people_active()
    if is_head(user):
        return people
    heads = Q(role=Role.HEAD) | Q(is_superuser=True)
    if user.role == Role.SECTION_HEAD:
        managed = list(user.managed_sections.values_list("pk", flat=True))
        return people.filter(Q(subsection__section__in=managed) | Q(role=Role.SECTION_HEAD) | heads)
    if user.role == Role.AUDITOR:
        audited = list(user.audited_subsections.values_list("pk", flat=True))
        return people.filter(role=Role.OFFICER, subsection__in=audited)
    if not user.subsection_id:
        return people.none()
    section_heads = Q(role=Role.SECTION_HEAD, managed_sections=user.subsection.section_id)
    return people.filter(Q(subsection=user.subsection_id) | section_heads).distinct()


def section_heads_of(section_id: int) -> QuerySet:
    return User.objects.filter(
        is_active=True, role=Role.SECTION_HEAD, managed_sections=section_id
    ).order_by("pk")


def head_of_office():
    """The active head (the first registered, if an office has several)."""
    return User.objects.filter(is_active=True, role=Role.HEAD).order_by("pk").first()


def display_names(usernames) -> dict[str, str]:
    """Usernames (as audit events record them) mapped to the names people know."""
    people = User.objects.filter(username__in=set(usernames))
    return {person.username: person.display_name for person in people}
