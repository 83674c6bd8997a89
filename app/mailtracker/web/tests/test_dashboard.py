"""The dashboard: the Overdue card, the queues (mine, to assign, registered by me, monitoring)
with their counts, the counts by status and what was held longest."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mailtracker.records import services
from mailtracker.web.views.dashboard import QUEUE_LIMIT

pytestmark = pytest.mark.django_db


def queues(page) -> dict:
    return {queue.key: queue for queue in page.context["queues"]}


def test_my_queue_lists_what_i_hold_with_the_overdue_first(browser_as, world, make_record):
    make_record(subject="Due later", due_date=timezone.localdate() + timedelta(days=9))
    make_record(subject="Already late", due_date=date(2026, 3, 20))
    make_record(subject="Held by a colleague", assignees=[world.officer_a2])

    page = browser_as(world.officer_a).get(reverse("web:dashboard"))

    assert page.status_code == 200
    mine = queues(page)["mine"]
    assert [r.subject for r in mine.records] == ["Already late", "Due later"]
    assert mine.count == 2
    assert page.context["overdue_count"] == 2  # the colleague's is overdue too, and visible
    late_by = (timezone.localdate() - date(2026, 3, 20)).days
    assert f"{late_by} days late".encode() in page.content
    assert b"due in 9 days" in page.content


def test_a_closed_record_leaves_my_queue(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record, remarks="Replied")
    page = browser_as(world.officer_a).get(reverse("web:dashboard"))
    assert queues(page)["mine"].records == []
    assert b"Nothing is waiting for you" in page.content


def test_rule_2_section_heads_and_the_head_have_a_to_assign_queue(browser_as, world, make_record):
    waiting = make_record(subject="Imported, nobody holds it")
    waiting.assignments.update(state="revoked")  # as an import leaves a record
    make_record(actor=world.officer_c, subsection=world.sub_c, assignees=[world.officer_c])
    section_head = queues(browser_as(world.section_head).get(reverse("web:dashboard")))
    assert [r.subject for r in section_head["to-assign"].records] == [waiting.subject]
    assert section_head["to-assign"].count == 1
    assert queues(browser_as(world.head).get(reverse("web:dashboard")))["to-assign"].count == 1
    assert "to-assign" not in queues(browser_as(world.clerk_a).get(reverse("web:dashboard")))
    assert (
        queues(browser_as(world.accounts_head).get(reverse("web:dashboard")))["to-assign"].records
        == []
    )


def test_a_clerk_follows_what_they_registered(browser_as, world, make_record):
    make_record(subject="Sent on by me")
    page = browser_as(world.clerk_a).get(reverse("web:dashboard"))
    registered = queues(page)["registered"]
    assert ([r.subject for r in registered.records], registered.count) == (["Sent on by me"], 1)
    assert b'Registered by me <span class="queue-count">(1)</span>' in page.content


def test_rule_4_the_monitoring_officer_has_a_monitoring_queue(browser_as, world, make_record):
    make_record(subject="Watched")
    page = browser_as(world.section_head).get(reverse("web:dashboard"))
    assert [r.subject for r in queues(page)["monitoring"].records] == ["Watched"]
    assert "monitoring" not in queues(browser_as(world.officer_a2).get(reverse("web:dashboard")))


def test_what_i_hold_or_monitor_elsewhere_is_in_my_queues_read_without_my_scope(
    browser_as, world, make_record
):
    """Rule 12 lets everyone see what they hold and what they monitor, so those queues are read
    by the holding or the monitoring alone (no scope, no ids outside it), wherever it lies."""
    make_record(subject="Held at home")
    make_record(
        actor=world.head, subsection=world.sub_c, assignees=[world.officer_a], subject="Held away"
    )
    make_record(
        actor=world.head, subsection=world.sub_c, assignees=[world.officer_c],
        monitoring_officer=world.officer_a, subject="Watched away",
    )  # fmt: skip
    make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])

    with CaptureQueriesContext(connection) as queries:
        page = browser_as(world.officer_a).get(reverse("web:dashboard"))

    mine, monitoring = queues(page)["mine"], queues(page)["monitoring"]
    assert {r.subject for r in mine.records} == {"Held at home", "Held away"}
    assert [r.subject for r in monitoring.records] == ["Watched away"]
    queue_reads = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "due_key" in q["sql"]]
    assert len(queue_reads) == 2
    assert not any("subsection_id" in sql.split("WHERE", 1)[1] for sql in queue_reads)


def test_the_counts_by_status_only_count_what_the_user_may_see(browser_as, world, make_record):
    make_record()
    make_record()
    make_record(actor=world.officer_c, subsection=world.sub_c, assignees=[world.officer_c])

    own = browser_as(world.clerk_a).get(reverse("web:dashboard")).context["status_counts"]
    everything = browser_as(world.head).get(reverse("web:dashboard")).context["status_counts"]

    assert ("assigned", "Assigned", 2) in own
    assert ("assigned", "Assigned", 3) in everything


def test_the_longest_held_items_show_who_holds_them(browser_as, world, assigned_record):
    page = browser_as(world.section_head).get(reverse("web:dashboard"))
    assert page.context["held_longest"] == [assigned_record]
    assert b'Officer A <small class="role">(SrAO)</small>' in page.content


def test_a_queue_shows_a_page_and_links_the_rest_in_the_register(browser_as, world, make_record):
    today = timezone.localdate()
    for number in range(QUEUE_LIMIT + 2):
        make_record(subject=f"Letter {number}", due_date=today + timedelta(days=number))

    page = browser_as(world.officer_a).get(reverse("web:dashboard"))

    mine = queues(page)["mine"]
    assert QUEUE_LIMIT == 25  # the register's page
    assert [r.subject for r in mine.records] == [f"Letter {n}" for n in range(QUEUE_LIMIT)]
    assert mine.count == QUEUE_LIMIT + 2
    see_all = f'{reverse("web:record-list")}?scope=assigned_to_me&amp;sort=due">See all 27'
    assert see_all.encode() in page.content
    # The register goes on where the queue stops: its first page is the queue's rows.
    register = browser_as(world.officer_a).get(
        reverse("web:record-list"), {"scope": "assigned_to_me", "sort": "due"}
    )
    assert [r.subject for r in register.context["records"]] == [r.subject for r in mine.records]


def test_the_figures_count_each_visible_record_once_inside_the_scope_and_outside_it(
    browser_as, world, make_record
):
    """An officer's counts by status and Overdue card: the records of their subsection, and
    those outside it they hold, each once (also when they hold one in their subsection)."""
    late = date(2026, 3, 20)
    make_record(due_date=late)  # theirs, in their subsection
    make_record(due_date=late, assignees=[world.officer_a2])  # a colleague's, in it too
    outside_late = make_record(
        actor=world.head, subsection=world.sub_c, assignees=[world.officer_a], due_date=late
    )
    outside_closed = make_record(
        actor=world.head, subsection=world.sub_c, assignees=[world.officer_a]
    )
    services.record_close(actor=world.officer_a, record=outside_closed, remarks="Replied")
    make_record(  # outside and open, not yet due
        actor=world.head,
        subsection=world.sub_c,
        assignees=[world.officer_a],
        due_date=timezone.localdate() + timedelta(days=3),
    )
    make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c])
    services.record_update_action(
        actor=world.officer_a, record=outside_late, action_status=settings.ACTION_STATUSES[0]
    )

    page = browser_as(world.officer_a).get(reverse("web:dashboard"))

    counts = {value: count for value, _label, count in page.context["status_counts"]}
    assert page.context["overdue_count"] == 3
    assert counts == {"created": 0, "assigned": 3, "in_progress": 1, "closed": 1}
