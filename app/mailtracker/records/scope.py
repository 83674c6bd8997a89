"""A user's *scope*: the records their role and org links entitle them to, before anything they
were personally assigned. ``selectors.records_visible_to`` adds those assignments on top."""

from django.db.models import Q

from mailtracker.accounts.roles import Role
from mailtracker.records.policy import is_head


def scope_condition(user) -> Q | None:
    """The filter for records in the user's scope; None means every record (the head)."""
    if is_head(user):
        return None
    # The ids are read first and inlined: with one section PostgreSQL then sees `section_id = N`
    # and walks the (section, id) index in list order instead of filtering the whole table.
    if user.role == Role.SECTION_HEAD:
        return Q(section__in=list(user.managed_sections.values_list("pk", flat=True)))
    if user.role == Role.AUDITOR:
        return Q(subsection__in=list(user.audited_subsections.values_list("pk", flat=True)))
    if user.subsection_id:
        return Q(subsection_id=user.subsection_id)
    return Q(pk__in=[])


def in_scope(user, record) -> bool:
    condition = scope_condition(user)
    if condition is None:
        return True
    return type(record).objects.filter(condition, pk=record.pk).exists()
