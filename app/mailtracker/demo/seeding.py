"""A demo office: two sections, three subsections, one user per role and a few dozen records in
every state, each with a real PDF. Built through the services, so the audit trail is real too.
Running it again changes nothing."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mailtracker.accounts.roles import Role
from mailtracker.attachments.services import attachment_upload, record_close_with_document
from mailtracker.demo.pdfs import letter_pdf
from mailtracker.org.models import Office, Section, Subsection
from mailtracker.records import services
from mailtracker.records.models import MailRecord

DEMO_PASSWORD = "mailtracker-demo"  # noqa: S105 — documented, for demo installations only
OFFICE = "Demo Office"
SENDERS = [
    "Ministry of Finance",
    "District Treasury",
    "Audit Board",
    "Regional Office",
    "Public Works Department",
    "Accountant General",
    "Revenue Office",
]
SUBJECTS = [
    "Pension revision for retired staff",
    "Quarterly expenditure statement",
    "Audit para reply pending",
    "Budget re-appropriation request",
    "Inspection report on stores",
    "Grant-in-aid utilisation certificate",
    "Leave encashment claim",
    "Court case status report",
    "Vehicle maintenance sanction",
    "Annual property returns",
]
# Each demo record ends in one of these states, in a repeating pattern.
STATES = ["created", "assigned", "in_progress", "closed", "overdue", "reopened"]
RECORDS_PER_STATE = 6


@dataclass
class SeedResult:
    records_created: int = 0
    records_total: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic  # an interrupted run leaves nothing half-seeded behind
def seed_demo_office(*, password: str = DEMO_PASSWORD) -> SeedResult:
    org = _org()
    users = _users(org, password)
    result = SeedResult(logins=[(u.username, u.role_label) for u in users.values()])
    if not MailRecord.objects.filter(created_by__in=users.values()).exists():
        for number in range(len(STATES) * RECORDS_PER_STATE):
            _record(number, users, org)
            result.records_created += 1
    result.records_total = MailRecord.objects.count()
    return result


def _org() -> dict:
    office, _ = Office.objects.get_or_create(name=OFFICE)
    admin, _ = Section.objects.get_or_create(office=office, name="Administration")
    accounts, _ = Section.objects.get_or_create(office=office, name="Accounts")
    return {
        "admin": admin,
        "a": Subsection.objects.get_or_create(section=admin, name="Admin-A")[0],
        "b": Subsection.objects.get_or_create(section=admin, name="Admin-B")[0],
        "acc": Subsection.objects.get_or_create(section=accounts, name="Accounts-A")[0],
    }


def _users(org: dict, password: str) -> dict:
    specs = {
        "head": ("demo_head", "Hema Head", Role.HEAD, None),
        "section_head": ("demo_section_head", "Sanjay Section", Role.SECTION_HEAD, None),
        "officer_a": ("demo_officer_a", "Olga Officer", Role.OFFICER, org["a"]),
        "officer_a2": ("demo_officer_a2", "Omar Officer", Role.OFFICER, org["a"]),
        "officer_b": ("demo_officer_b", "Bea Officer", Role.OFFICER, org["b"]),
        "clerk": ("demo_clerk", "Carl Clerk", Role.CLERK, org["a"]),
        "auditor": ("demo_auditor", "Anil Auditor", Role.AUDITOR, None),
    }
    users = {}
    for key, (username, name, role, subsection) in specs.items():
        first, last = name.split(" ")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "subsection": subsection,
                # The demo head also runs the Django admin (signup approvals, CSV import).
                "is_staff": role == Role.HEAD,
                "is_superuser": role == Role.HEAD,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        users[key] = user
    users["section_head"].managed_sections.add(org["admin"])
    users["auditor"].audited_subsections.add(org["a"])
    return users


def _record(number: int, users: dict, org: dict) -> MailRecord:
    state = STATES[number % len(STATES)]
    today = timezone.localdate()
    received = today - timedelta(days=2 + number * 2)
    subsection = org["a"] if number % 3 else org["b"]
    record = services.record_create(
        actor=users["clerk"] if subsection == org["a"] else users["section_head"],
        subsection=subsection,
        letter_number=f"DEMO/{received.year}/{1000 + number}",
        letter_date=received - timedelta(days=3),
        received_date=received,
        subject=SUBJECTS[number % len(SUBJECTS)],
        from_office=SENDERS[number % len(SENDERS)],
        action_required="Examine and put up a reply for approval.",
        due_date=today - timedelta(days=5) if state == "overdue" else today + timedelta(days=14),
    )
    _attach(record, users["head"], f"Letter {record.letter_number}")
    if state != "created":
        _advance(record, state, users, subsection == org["a"])
    return record


def _attach(record: MailRecord, actor, title: str) -> None:
    pdf = letter_pdf(title=title, body=f"{record.subject}\nFrom: {record.from_office}")
    upload = SimpleUploadedFile(f"{record.letter_number}.pdf".replace("/", "-"), pdf)
    attachment_upload(actor=actor, record=record, upload=upload, stage="created")


def _advance(record: MailRecord, state: str, users: dict, in_a: bool) -> None:
    officer = users["officer_a"] if in_a else users["officer_b"]
    services.record_assign(
        actor=users["section_head"],
        record=record,
        assignees=[officer],
        instructions="Please examine.",
    )
    if state in {"in_progress", "overdue", "closed", "reopened"}:
        services.record_update_action(
            actor=officer, record=record, action_status="Draft reply under preparation"
        )
    if state in {"closed", "reopened"}:
        reply = letter_pdf(title=f"Reply to {record.letter_number}", body="Reply sent.")
        record_close_with_document(
            actor=officer,
            record=record,
            remarks="Reply sent.",
            upload=SimpleUploadedFile("reply.pdf", reply),
        )
    if state == "reopened":
        record.refresh_from_db()
        services.record_reopen(
            actor=users["head"], record=record, reason="Sender asked for further details."
        )
