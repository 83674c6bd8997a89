"""A user's *scope*: the records their role and org links entitle them to (rule 12's first
part), before anything they hold, held or monitor. ``selectors.records_visible_to`` adds those."""

from django.db.models import Q

from mailtracker.accounts.coverage import Coverage, role_coverage
from mailtracker.records.places import ScopePlaces, at_place, in_places


def scope_condition(user) -> Q | None:
    """The filter for records in the user's scope; None means every record (the head)."""
    return covered_records(role_coverage(user))


def covered_records(coverage: Coverage) -> Q | None:
    """The filter for records in a coverage already read; None means every record. Several
    places are one ``ScopePlaces``, which a list may read place by place."""
    whole = coverage.condition(section="section_id", subsection="subsection_id", among=in_places)
    parts = scope_parts(coverage)
    return Q(ScopePlaces(whole, parts)) if len(parts) > 1 else whole


def scope_parts(coverage: Coverage) -> list[Q]:
    """One filter per section and per subsection covered (none for the head)."""
    return [at_place("section_id", pk) for pk in coverage.section_ids] + [
        at_place("subsection_id", pk) for pk in coverage.subsection_ids
    ]


def in_scope(user, record) -> bool:
    return role_coverage(user).covers(
        section_id=record.section_id, subsection_id=record.subsection_id
    )
