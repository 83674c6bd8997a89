"""The pendency statement against a register small enough to count by hand (March 2026):

R1  Administration/A  received 20 Feb, due 10 Mar. Officer A holds it from 20 Feb 09:00,
    passes it to the section head on 5 Mar 09:00 (13 days), who closes it on 15 Mar 09:00
    (10 days).
R2  Administration/B  received 10 Mar, due 25 Mar, open. Officer B holds it from 10 Mar
    09:00 (21.625 days to the end of 31 Mar); Officer A2 from 10 Mar 09:00 until the section
    head revokes that on 12 Mar 09:00 (2 days; revoked is not disposed).
R3  Accounts/C  received 20 Mar, due 30 Apr, open. Officer C from 20 Mar 09:00 (11.625 days).
R4  Administration/A  received 10 Jan, closed 31 Jan: before March, counts nowhere.
R5  Administration/A  received 2 Apr: after March, counts nowhere.
"""

from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest

from mailtracker.records import services
from mailtracker.records.models import Assignment, MailRecord
from mailtracker.statements.selectors import Period, statement_for

MARCH = Period(start=date(2026, 3, 1), end=date(2026, 3, 31))


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=dt_timezone.utc)


def hop(record, person, *, given, ended=None):
    Assignment.objects.filter(record=record, assignee=person).update(
        assigned_at=given, ended_at=ended
    )


@pytest.fixture
def march(world, make_record, settings):
    settings.TIME_ZONE = "UTC"
    w = world
    r1 = make_record(received_date=date(2026, 2, 20), due_date=date(2026, 3, 10), letter_date=None)
    services.assignment_reassign(
        actor=w.officer_a, assignment=r1.assignments.get(), assignee=w.section_head, remark="Up"
    )
    services.record_close(
        actor=w.section_head, record=r1, remarks="Replied", completion_date=date(2026, 3, 15)
    )
    hop(r1, w.officer_a, given=at(2, 20), ended=at(3, 5))
    hop(r1, w.section_head, given=at(3, 5), ended=at(3, 15))

    r2 = make_record(
        actor=w.section_head,
        subsection=w.sub_b,
        assignees=[w.officer_b, w.officer_a2],
        received_date=date(2026, 3, 10),
        due_date=date(2026, 3, 25),
        letter_date=None,
    )
    services.assignment_revoke(
        actor=w.section_head, assignment=r2.assignments.get(assignee=w.officer_a2), reason="No"
    )
    hop(r2, w.officer_b, given=at(3, 10))
    hop(r2, w.officer_a2, given=at(3, 10), ended=at(3, 12))

    r3 = make_record(
        actor=w.accounts_head,
        subsection=w.sub_c,
        assignees=[w.officer_c],
        received_date=date(2026, 3, 20),
        due_date=date(2026, 4, 30),
        letter_date=None,
    )
    hop(r3, w.officer_c, given=at(3, 20))

    r4 = make_record(received_date=date(2026, 1, 10), due_date=date(2026, 1, 30), letter_date=None)
    services.record_close(
        actor=w.officer_a, record=r4, remarks="Done", completion_date=date(2026, 1, 31)
    )
    hop(r4, w.officer_a, given=at(1, 10), ended=at(1, 31))

    r5 = make_record(received_date=date(2026, 4, 2), due_date=date(2026, 4, 20), letter_date=None)
    hop(r5, w.officer_a, given=at(4, 2))
    assert MailRecord.objects.count() == 5
    return w


def figures(row):
    return (
        row.received,
        row.disposed,
        row.pending,
        row.overdue,
        row.hops,
        round(row.average_days, 5) if row.average_days is not None else None,
        round(row.longest_days, 5) if row.longest_days is not None else None,
    )


def test_the_heads_statement_by_section_matches_the_hand_count(march):
    statement = statement_for(march.head, period=MARCH)
    by_section = {row.name: figures(row) for row in statement.by_section}
    assert by_section == {
        #                received, disposed, pending, overdue, hops, average, longest
        "Accounts": (1, 0, 1, 0, 1, 11.625, 11.625),
        "Administration": (1, 1, 1, 1, 4, 11.65625, 21.625),
    }
    assert figures(statement.section_total) == (2, 1, 2, 1, 5, 11.65, 21.625)


def test_the_heads_statement_by_officer_matches_the_hand_count(march):
    statement = statement_for(march.head, period=MARCH)
    by_officer = {row.name: figures(row) for row in statement.by_officer}
    assert by_officer == {
        "Officer A": (0, 1, 0, 0, 1, 13.0, 13.0),
        "Officer A2": (1, 0, 0, 0, 1, 2.0, 2.0),  # revoked: not disposed by them
        "Officer B": (1, 0, 1, 1, 1, 21.625, 21.625),
        "Officer C": (1, 0, 1, 0, 1, 11.625, 11.625),
        "Section Head": (1, 1, 0, 0, 1, 10.0, 10.0),
    }
    assert figures(statement.officer_total) == (4, 2, 2, 1, 5, 11.65, 21.625)


def test_an_officer_s_statement_counts_only_the_records_they_may_see(march):
    statement = statement_for(march.officer_a, period=MARCH)
    assert [(row.name, figures(row)) for row in statement.by_section] == [
        ("Administration", (0, 1, 0, 0, 2, 11.5, 13.0))
    ]
    assert {row.name for row in statement.by_officer} == {"Officer A", "Section Head"}


def test_a_period_still_running_counts_pending_as_of_today(march, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 3, 15))
    statement = statement_for(march.head, period=MARCH)
    admin = next(row for row in statement.by_section if row.name == "Administration")
    # As of 15 Mar: R1 was closed that day; R2 is pending, not yet overdue (due 25 Mar).
    assert (admin.received, admin.disposed, admin.pending, admin.overdue) == (1, 1, 1, 0)


def test_a_due_date_corrected_later_moves_the_holders_overdue(march):
    """The hops carry their record's due date: a correction reaches the officer's figures."""
    r2 = MailRecord.objects.get(received_date=date(2026, 3, 10))
    services.record_update(actor=march.head, record=r2, changes={"due_date": date(2026, 4, 15)})
    statement = statement_for(march.head, period=MARCH)
    officer_b = next(row for row in statement.by_officer if row.name == "Officer B")
    assert (officer_b.pending, officer_b.overdue) == (1, 0)
    assert figures(statement.section_total)[:4] == (2, 1, 2, 0)


def test_a_letter_given_to_an_officer_outside_their_scope_counts_in_their_statement(march):
    r3 = MailRecord.objects.get(received_date=date(2026, 3, 20))  # Accounts/C
    services.record_assign(actor=march.head, record=r3, assignees=[march.officer_a])
    hop(r3, march.officer_a, given=at(3, 21))
    statement = statement_for(march.officer_a, period=MARCH)
    accounts = next(row for row in statement.by_section if row.name == "Accounts")
    assert (accounts.received, accounts.pending, accounts.hops) == (1, 1, 2)
    assert {row.name for row in statement.by_officer} == {
        "Officer A", "Officer C", "Section Head",
    }  # fmt: skip
