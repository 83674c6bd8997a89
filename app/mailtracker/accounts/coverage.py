"""Which subsections a user's role covers: the one rule (like NetBox's ``restrict()``) behind
where a user may register mail, which subsections the UI offers, and which records are in their
scope. Every caller translates the same ``Coverage`` into its own query; none re-decides it."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from mailtracker.accounts.roles import Role, is_head


@dataclass(frozen=True)
class Coverage:
    """Whole sections and single subsections covered; ``everything`` for the head."""

    everything: bool = False
    section_ids: tuple[int, ...] = ()
    subsection_ids: tuple[int, ...] = ()

    def covers(self, *, section_id: int, subsection_id: int) -> bool:
        return (
            self.everything
            or section_id in self.section_ids
            or subsection_id in self.subsection_ids
        )

    @property
    def one_subsection_at_most(self) -> bool:
        """An officer's or a clerk's: no subsection to choose between."""
        return not (self.everything or self.section_ids) and len(self.subsection_ids) <= 1

    def condition(self, *, section: str, subsection: str, among=None) -> Q | None:
        """The filter on a model whose section and subsection columns are named as given;
        None means no filter (everything). The ids are inlined: with one section PostgreSQL
        sees ``section_id = N`` and walks the (section, id) index in list order. ``among``
        (column, ids) -> Q says how a column is tested (records.places for the records)."""
        if self.everything:
            return None
        among = among or _among
        parts = []
        if self.section_ids:
            parts.append(among(section, self.section_ids))
        if self.subsection_ids:
            parts.append(among(subsection, self.subsection_ids))
        return reduce(or_, parts) if parts else Q(pk__in=[])


def _among(column: str, ids) -> Q:
    return Q(**{f"{column}__in": list(ids)})


def role_coverage(user) -> Coverage:
    if hasattr(user, "_remembered_coverage"):
        return user._remembered_coverage
    return _read_coverage(user)


def remember_coverage(user) -> None:
    """Read the user's coverage once for the rest of a request that only reads: a list page
    asks for it three times (its subsections, its scope, its filters), a query each for a
    section head or an auditor. Not for requests that change sections or subsections: the
    coverage would then be the one from before the change."""
    user._remembered_coverage = _read_coverage(user)


def _read_coverage(user) -> Coverage:
    if not user.is_authenticated or not user.is_active:
        return Coverage()
    if is_head(user):
        return Coverage(everything=True)
    if user.role == Role.SECTION_HEAD:
        return Coverage(section_ids=tuple(user.managed_sections.values_list("pk", flat=True)))
    if user.role == Role.AUDITOR:
        ids = user.audited_subsections.values_list("pk", flat=True)
        return Coverage(subsection_ids=tuple(ids))
    return Coverage(subsection_ids=(user.subsection_id,) if user.subsection_id else ())
