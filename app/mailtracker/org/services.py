"""Writes to the org tree: importing sections and subsections (rule 16)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from mailtracker.core.tabular import Row
from mailtracker.org.models import Office, Section, Subsection

ORG_COLUMNS = {"section", "subsection"}


@dataclass
class OrgImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _office(rows: list[Row], office_name: str) -> str:
    names = {row.text("office") for row in rows if row.text("office")} or {office_name.strip()}
    names.discard("")
    if not names:
        existing = list(Office.objects.values_list("name", flat=True)[:2])
        if len(existing) == 1:
            return existing[0]
        raise ValidationError("Name the office (an office column, or --office).")
    if len(names) > 1:
        raise ValidationError(f"One office per file, found: {', '.join(sorted(names))}.")
    return names.pop()


@transaction.atomic
def org_import(*, rows: list[Row], office_name: str = "") -> OrgImportResult:
    """Create the office, sections and subsections the rows name; existing ones are left as
    they are, so importing the same file twice changes nothing. All or nothing."""
    result = OrgImportResult()
    for row in rows:
        if not row.text("section"):
            result.errors.append(f"{row.where}: section is empty")
    if result.errors:
        return result
    office, created = Office.objects.get_or_create(name=_office(rows, office_name))
    if created:
        result.created.append(f"office {office.name}")
    for row in rows:
        section, made = Section.objects.get_or_create(office=office, name=row.text("section"))
        result.created += [f"section {section.name}"] if made else []
        if row.text("subsection"):
            subsection, made = Subsection.objects.get_or_create(
                section=section, name=row.text("subsection")
            )
            result.created += [f"subsection {subsection}"] if made else []
            result.unchanged += 0 if made else 1
    return result
