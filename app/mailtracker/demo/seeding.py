"""A demo office: two sections, three subsections, one user per role and a few dozen records in
every state, each with a real PDF. Built through the services, so the audit trail is real too,
then moved back to the day each letter arrived, so "in stage" and "held longest" mean something.
Running it again changes nothing."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mailtracker.accounts.roles import Role
from mailtracker.attachments.models import PdfAttachment
from mailtracker.audit.models import AuditEvent
from mailtracker.demo.pdfs import letter_pdf
from mailtracker.org.models import Office, Section, Subsection
from mailtracker.records import services
from mailtracker.records.documents import attachment_upload, record_close_with_document
from mailtracker.records.models import Assignment, MailRecord

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
STATES = ["assigned", "passed_on", "parallel", "closed", "overdue", "reopened"]
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
        "head": ("demo_head", "Hema Head", Role.HEAD, None, "AG"),
        "section_head": ("demo_section_head", "Sanjay Section", Role.SECTION_HEAD, None, "DAG"),
        "officer_a": ("demo_officer_a", "Olga Officer", Role.OFFICER, org["a"], "SrAO"),
        "officer_a2": ("demo_officer_a2", "Omar Officer", Role.OFFICER, org["a"], "AAO"),
        "officer_b": ("demo_officer_b", "Bea Officer", Role.OFFICER, org["b"], "AAO"),
        "clerk": ("demo_clerk", "Carl Clerk", Role.CLERK, org["a"], "Clerk"),
        "auditor": ("demo_auditor", "Anil Auditor", Role.AUDITOR, None, "Sr. Auditor"),
    }
    users = {}
    for key, (username, name, role, subsection, designation) in specs.items():
        first, last = name.split(" ")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "designation": designation,
                "subsection": subsection,
                # Notification mails of a demo host go to the test relay, if it has one.
                "email": f"{username}@example.org",
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
    in_a = bool(number % 3)
    officer = users["officer_a"] if in_a else users["officer_b"]
    record = services.record_create(
        actor=users["clerk"] if in_a else users["section_head"],
        subsection=org["a"] if in_a else org["b"],
        assignees=[officer, users["officer_a2"]] if state == "parallel" else [officer],
        instructions="Please examine.",
        letter_number=f"DEMO/{received.year}/{1000 + number}",
        letter_date=received - timedelta(days=3),
        received_date=received,
        subject=SUBJECTS[number % len(SUBJECTS)],
        from_office=SENDERS[number % len(SENDERS)],
        action_required="Examine and put up a reply for approval.",
        due_date=today - timedelta(days=5) if state == "overdue" else today + timedelta(days=14),
    )
    _attach(record, users["head"], f"Letter {record.letter_number}")
    _advance(record, state, users, officer)
    _move_back_to(record, received)
    return record


def _attach(record: MailRecord, actor, title: str) -> None:
    pdf = letter_pdf(title=title, body=f"{record.subject}\nFrom: {record.from_office}")
    upload = SimpleUploadedFile(f"{record.letter_number}.pdf".replace("/", "-"), pdf)
    attachment_upload(actor=actor, record=record, upload=upload, stage="created")


def _advance(record: MailRecord, state: str, users: dict, officer) -> None:
    if state in {"passed_on", "overdue"}:
        services.assignment_reassign(
            actor=officer,
            assignment=record.assignments.get(assignee=officer),
            assignee=users["section_head"],
            remark="Draft put up for your approval.",
        )
        return
    if state == "parallel":
        services.assignment_mark_done(
            actor=users["officer_a2"],
            assignment=record.assignments.get(assignee=users["officer_a2"]),
            remark="Arrears table checked.",
        )
    if state in {"parallel", "closed", "reopened"}:
        services.record_update_action(actor=officer, record=record, action_status="Draft put up")
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


def _move_back_to(record: MailRecord, received) -> None:
    """Demo data only: shift the record's whole story (rows and their audit events alike) back
    to the morning the letter arrived, keeping its order, so ages differ between records."""
    arrived = timezone.make_aware(datetime.combine(received, time(10)))
    shift = timezone.now() - arrived
    MailRecord.objects.filter(pk=record.pk).update(
        created_at=F("created_at") - shift, stage_since=F("stage_since") - shift
    )
    assignments = Assignment.objects.filter(record=record)
    assignments.update(assigned_at=F("assigned_at") - shift)
    assignments.filter(ended_at__isnull=False).update(ended_at=F("ended_at") - shift)
    PdfAttachment.objects.filter(record=record).update(uploaded_at=F("uploaded_at") - shift)
    AuditEvent.objects.filter(record=record).update(at=F("at") - shift)
