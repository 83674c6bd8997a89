"""Who is told what, one test per rule: given a letter, passed it, given it back, had it taken
back, seen it closed or reopened; never the person who did it."""

from mailtracker.notifications.models import Notification
from mailtracker.records import services

Kind = Notification.Kind


def told(kind=None):
    """{username: [kinds]} of everyone told so far (of one kind if given)."""
    rows = Notification.objects.order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    result = {}
    for row in rows.select_related("recipient"):
        result.setdefault(row.recipient.username, []).append(row.kind)
    return result


def test_registering_tells_each_assignee_that_it_was_assigned_to_them(world, make_record):
    make_record(assignees=[world.officer_a, world.officer_a2])
    assert told() == {"officer_a": [Kind.ASSIGNED], "officer_a2": [Kind.ASSIGNED]}


def test_registering_a_letter_for_oneself_tells_nobody(world, make_record):
    make_record(actor=world.officer_a, assignees=[world.officer_a])
    assert told() == {}


def test_assigning_more_people_tells_only_the_new_ones(world, make_record):
    record = make_record()
    services.record_assign(actor=world.section_head, record=record, assignees=[world.officer_b])
    assert told() == {"officer_a": [Kind.ASSIGNED], "officer_b": [Kind.ASSIGNED]}


def test_passing_on_tells_the_new_holder_it_was_passed_to_them_with_the_remark(world, make_record):
    record = make_record()
    services.assignment_reassign(
        actor=world.officer_a,
        assignment=record.assignments.get(),
        assignee=world.officer_a2,
        remark="Please check the arrears",
    )
    notification = Notification.objects.get(recipient=world.officer_a2)
    assert notification.kind == Kind.PASSED
    assert notification.actor == world.officer_a
    assert notification.details["remark"] == "Please check the arrears"


def test_passing_back_to_someone_who_held_it_tells_them_it_was_returned(world, make_record):
    record = make_record()
    first = record.assignments.get()
    second = services.assignment_reassign(
        actor=world.officer_a, assignment=first, assignee=world.section_head, remark="Up to you"
    )
    services.assignment_reassign(
        actor=world.section_head, assignment=second, assignee=world.officer_a, remark="Redo"
    )
    assert told()["officer_a"] == [Kind.ASSIGNED, Kind.RETURNED]
    assert told()["section_head"] == [Kind.PASSED]


def test_passing_back_to_the_person_who_assigned_it_tells_them_it_was_returned(world, make_record):
    record = make_record(actor=world.section_head, assignees=[world.officer_a])
    services.assignment_reassign(
        actor=world.officer_a,
        assignment=record.assignments.get(),
        assignee=world.section_head,
        remark="Done my part, over to you",
    )
    assert told() == {"officer_a": [Kind.ASSIGNED], "section_head": [Kind.RETURNED]}


def test_revoking_tells_the_holder_whose_part_was_taken_back_and_why(world, make_record):
    record = make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_b])
    services.assignment_revoke(
        actor=world.section_head,
        assignment=record.assignments.get(assignee=world.officer_b),
        reason="Officer A has it in hand",
    )
    notification = Notification.objects.get(kind=Kind.REVOKED)
    assert notification.recipient == world.officer_b
    assert notification.details["reason"] == "Officer A has it in hand"


def test_marking_ones_own_part_done_tells_nobody(world, make_record):
    record = make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_b])
    services.assignment_mark_done(
        actor=world.officer_b,
        assignment=record.assignments.get(assignee=world.officer_b),
        remark="Tables checked",
    )
    assert told(Kind.ASSIGNED) == told()


def test_closing_tells_the_other_holders_and_the_monitoring_officer_but_not_the_closer(
    world, make_record
):
    record = make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_b])
    services.record_close(
        actor=world.section_head, record=record, remarks="Replied", end_open_parts=True
    )
    assert record.monitoring_officer == world.section_head  # the default (rule 4)
    assert told(Kind.CLOSED) == {"officer_a": [Kind.CLOSED], "officer_b": [Kind.CLOSED]}


def test_closing_as_sole_holder_tells_the_monitoring_officer(world, make_record):
    record = make_record()
    services.record_close(actor=world.officer_a, record=record, remarks="Replied")
    assert told(Kind.CLOSED) == {"section_head": [Kind.CLOSED]}


def test_reopening_tells_who_holds_it_again_and_the_monitoring_officer(world, make_record):
    record = make_record()
    record = services.record_close(actor=world.officer_a, record=record, remarks="Replied")
    services.record_reopen(actor=world.head, record=record, reason="The reply was wrong")
    assert told(Kind.REOPENED) == {"officer_a": [Kind.REOPENED], "section_head": [Kind.REOPENED]}
    assert Notification.objects.filter(kind=Kind.REOPENED).first().details == {
        "reason": "The reply was wrong"
    }


def test_an_inactive_account_is_not_told(world, make_record):
    record = make_record()
    world.section_head.is_active = False
    world.section_head.save()
    services.record_close(actor=world.officer_a, record=record, remarks="Replied")
    assert told(Kind.CLOSED) == {}
