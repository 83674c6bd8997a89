from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mailtracker.records import services

pytestmark = pytest.mark.django_db


def test_my_queue_lists_what_i_hold_with_the_overdue_first(browser_as, world, make_record):
    later = make_record(subject="Due later", due_date=timezone.localdate() + timedelta(days=9))
    overdue = make_record(subject="Already late", due_date=date(2026, 3, 20))
    not_mine = make_record(subject="Held by a colleague")
    for record, person in [(later, world.officer_a), (overdue, world.officer_a),
                           (not_mine, world.officer_a2)]:  # fmt: skip
        services.record_assign(actor=world.section_head, record=record, assignees=[person])

    page = browser_as(world.officer_a).get(reverse("web:dashboard"))

    assert page.status_code == 200
    assert [r.subject for r in page.context["queue"]] == ["Already late", "Due later"]
    assert b"Overdue" in page.content


def test_a_closed_record_leaves_my_queue(browser_as, world, assigned_record):
    services.record_close(actor=world.officer_a, record=assigned_record)
    page = browser_as(world.officer_a).get(reverse("web:dashboard"))
    assert page.context["queue"] == []
    assert b"Nothing is waiting for you" in page.content


def test_the_counts_by_status_only_count_what_the_user_may_see(browser_as, world, make_record):
    make_record()
    make_record()
    make_record(actor=world.officer_c, subsection=world.sub_c)

    own = browser_as(world.clerk_a).get(reverse("web:dashboard")).context["status_counts"]
    everything = browser_as(world.head).get(reverse("web:dashboard")).context["status_counts"]

    assert ("created", "Created", 2) in own
    assert ("created", "Created", 3) in everything


def test_the_longest_held_items_show_who_holds_them(browser_as, world, assigned_record, settings):
    settings.ROLE_LABELS = {"officer": "SrAO"}
    page = browser_as(world.section_head).get(reverse("web:dashboard"))
    assert page.context["held_longest"] == [assigned_record]
    assert b'Officer A <small class="role">(SrAO)</small>' in page.content
