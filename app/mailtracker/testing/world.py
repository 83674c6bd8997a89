"""The persona world every test suite shares: one office with two sections, and one person per
role with a clear scope. Tests speak about these people by name."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from mailtracker.accounts.roles import Role
from mailtracker.org.models import Office, Section, Subsection

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 — test fixture


@dataclass
class World:
    admin_section: Section
    accounts_section: Section
    sub_a: Subsection
    sub_b: Subsection
    sub_c: Subsection
    head: object
    section_head: object  # manages the Administration section (subsections A and B)
    officer_a: object
    officer_a2: object
    officer_b: object
    officer_c: object  # in the Accounts section: outside the Administration scope
    clerk_a: object
    auditor_a: object
    accounts_head: object  # manages the Accounts section (subsection C)
    head_admin: object  # the administrator who runs the Django admin


def build_world() -> World:
    office = Office.objects.create(name="Test Office")
    admin_section = Section.objects.create(office=office, name="Administration")
    accounts_section = Section.objects.create(office=office, name="Accounts")
    sub_a = Subsection.objects.create(section=admin_section, name="A")
    sub_b = Subsection.objects.create(section=admin_section, name="B")
    sub_c = Subsection.objects.create(section=accounts_section, name="C")

    def person(username, role, subsection=None, designation=""):
        return get_user_model().objects.create_user(
            username=username, password=PASSWORD, role=role, subsection=subsection,
            first_name=username.replace("_", " ").title(), designation=designation,
        )  # fmt: skip

    world = World(
        admin_section=admin_section,
        accounts_section=accounts_section,
        sub_a=sub_a,
        sub_b=sub_b,
        sub_c=sub_c,
        head=person("head", Role.HEAD),
        section_head=person("section_head", Role.SECTION_HEAD),
        officer_a=person("officer_a", Role.OFFICER, sub_a, "SrAO"),
        officer_a2=person("officer_a2", Role.OFFICER, sub_a),
        officer_b=person("officer_b", Role.OFFICER, sub_b),
        officer_c=person("officer_c", Role.OFFICER, sub_c),
        clerk_a=person("clerk_a", Role.CLERK, sub_a),
        auditor_a=person("auditor_a", Role.AUDITOR),
        accounts_head=person("accounts_head", Role.SECTION_HEAD),
        head_admin=get_user_model().objects.create_superuser(
            username="admin", password=PASSWORD, role=Role.HEAD
        ),
    )
    world.section_head.managed_sections.add(admin_section)
    world.auditor_a.audited_subsections.add(sub_a)
    world.accounts_head.managed_sections.add(accounts_section)
    return world


def record_fields(**overrides) -> dict:
    """Valid keyword arguments for ``records.services.record_create`` (minus actor, subsection
    and assignees)."""
    fields = {
        "letter_number": "LN/2026/17",
        "letter_date": date(2026, 3, 1),
        "received_date": date(2026, 3, 3),
        "subject": "Pension revision for retired staff",
        "from_office": "District Treasury",
        "action_required": "Examine and reply",
        "due_date": date(2026, 3, 20),
    }
    fields.update(overrides)
    return fields
