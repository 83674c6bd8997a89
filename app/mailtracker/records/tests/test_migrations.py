"""The workflow migrations carry an office's data over, tested on PostgreSQL from the schema
before them with demo-like data made through the historical models."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("accounts", "0002_revoked_access_token"),
    ("attachments", "0001_initial"),
    ("audit", "0001_initial"),
    ("records", "0003_assignment_outside_scope"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def old_office(apps) -> dict:
    """An office as the old schema held it: a closed record (its assignment "done"), an open one
    whose handler was set by hand with no assignment, one nobody held, and a scan."""
    Office, Section, Subsection = (
        apps.get_model("org", name) for name in ("Office", "Section", "Subsection")
    )
    User = apps.get_model("accounts", "User")
    MailRecord = apps.get_model("records", "MailRecord")
    Assignment = apps.get_model("records", "Assignment")
    PdfAttachment = apps.get_model("attachments", "PdfAttachment")
    section = Section.objects.create(office=Office.objects.create(name="Old"), name="Admin")
    sub = Subsection.objects.create(section=section, name="A")
    head = User.objects.create(username="old_head", role="head")
    dag = User.objects.create(username="old_dag", role="section_head")
    dag.managed_sections.add(section)
    officer = User.objects.create(username="old_officer", role="officer", subsection=sub)
    today = timezone.localdate()

    def record(serial, status, handler=None):
        return MailRecord.objects.create(
            serial=serial, letter_number=serial, letter_date=today, received_date=today,
            subject=serial, from_office="Treasury", section=section, subsection=sub,
            status=status, current_handler=handler, created_by=officer,
        )  # fmt: skip

    closed = record("2026/001", "closed", handler=officer)
    Assignment.objects.create(record=closed, assignee=officer, assigned_by=dag, state="done")
    by_hand = record("2026/002", "assigned", handler=officer)
    nobody = record("2026/003", "created")
    scan = PdfAttachment.objects.create(
        id=uuid.uuid4(), record=closed, original_name="scan.pdf", size=10, sha256="0" * 64,
        page_count=1, uploaded_by=officer,
    )  # fmt: skip
    return {"head": head, "dag": dag, "officer": officer, "closed": closed, "by_hand": by_hand,
            "nobody": nobody, "scan": scan}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_workflow_migrations_carry_existing_data_over():
    old = old_office(migrate(BEFORE))
    migrate(latest())

    from mailtracker.accounts.models import User
    from mailtracker.attachments.models import PdfAttachment
    from mailtracker.records.models import Assignment, MailRecord
    from mailtracker.records.selectors import records_to_assign
    from mailtracker.records.services import record_reopen

    head = User.objects.get(pk=old["head"].pk)
    scan = PdfAttachment.objects.get(pk=old["scan"].pk)
    assert (scan.version, scan.state) == (1, "current")  # existing documents are version 1
    closed = MailRecord.objects.get(pk=old["closed"].pk)
    assert list(closed.assignments.values_list("state", flat=True)) == ["closed"]
    record_reopen(actor=head, record=closed, reason="Check the carry-over")
    assert list(closed.assignments.values_list("state", "assignee__username")) == [
        ("active", "old_officer")
    ]  # reopening gives it back to whoever held it at closing
    by_hand = Assignment.objects.get(record_id=old["by_hand"].pk)
    assert (by_hand.state, by_hand.assignee_id) == ("active", old["officer"].pk)
    waiting = [record.serial for record in records_to_assign(head)]
    assert waiting == ["2026/003"]  # nobody held it: it waits to be assigned
    monitors = set(MailRecord.objects.values_list("monitoring_officer__username", flat=True))
    assert monitors == {"old_dag"}  # the default monitoring officer: the section's head
    copies = Assignment.objects.values_list(
        "record_section_id", "record_subsection_id", "record_due_date"
    )
    originals = MailRecord.objects.filter(assignments__isnull=False).values_list(
        "section_id", "subsection_id", "due_date"
    )
    assert sorted(copies, key=str) == sorted(originals, key=str)  # each hop knows its record
