"""A user's *scope*: the records their role and org links entitle them to (rule 12's first
part), before anything they hold, held or monitor. ``selectors.records_visible_to`` adds those."""

from django.db.models import Q

from mailtracker.accounts.coverage import Coverage, role_coverage
from mailtracker.records.places import in_places


def scope_condition(user) -> Q | None:
    """The filter for records in the user's scope; None means every record (the head)."""
    return covered_records(role_coverage(user))


def covered_records(coverage: Coverage) -> Q | None:
    """The filter for records in a coverage already read; None means every record."""
    return coverage.condition(section="section_id", subsection="subsection_id", among=in_places)


def in_scope(user, record) -> bool:
    return role_coverage(user).covers(
        section_id=record.section_id, subsection_id=record.subsection_id
    )
