"""Each assignment carries its record's section, subsection and due date (for the statement),
kept by the database through every kind of write."""

from datetime import date

import pytest

from mailtracker.records import services
from mailtracker.records.models import Assignment, MailRecord

pytestmark = pytest.mark.django_db


def copies(record) -> set[tuple]:
    rows = Assignment.objects.filter(record=record)
    return set(rows.values_list("record_section_id", "record_subsection_id", "record_due_date"))


def test_a_hop_carries_its_records_section_subsection_and_due_date(world, make_record):
    record = make_record(due_date=date(2026, 4, 9))
    services.record_assign(actor=world.head, record=record, assignees=[world.officer_a2])
    assert copies(record) == {(world.admin_section.pk, world.sub_a.pk, date(2026, 4, 9))}


def test_the_copies_follow_the_record_through_bulk_and_single_writes(world, make_record):
    first, second = make_record(), make_record()
    MailRecord.objects.filter(pk__in=[first.pk, second.pk]).update(
        subsection=world.sub_c, section=world.accounts_section, due_date=date(2026, 5, 1)
    )  # a bulk write, as an import or the admin makes
    moved = (world.accounts_section.pk, world.sub_c.pk, date(2026, 5, 1))
    assert copies(first) == copies(second) == {moved}

    first.refresh_from_db()
    first.due_date = None
    first.save()
    assert copies(first) == {(world.accounts_section.pk, world.sub_c.pk, None)}
    assert copies(second) == {moved}


def test_saving_an_assignment_whole_keeps_its_copies(world, make_record):
    """Django's full save writes every column, the copies as it loaded them (NULL on a fresh
    instance): the database puts the record's values back."""
    record = make_record(due_date=date(2026, 4, 9))
    hop = Assignment.objects.create(
        record=record, assignee=world.officer_a2, assigned_by=world.head
    )
    assert hop.record_section_id is None  # the instance was not reloaded
    hop.instructions = "Please see"
    hop.save()
    assert copies(record) == {(world.admin_section.pk, world.sub_a.pk, date(2026, 4, 9))}
