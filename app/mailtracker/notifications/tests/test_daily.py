"""The daily run (mailtracker-digest.timer): digests of what each person holds, escalations of
records overdue by ESCALATE_AFTER_DAYS_OVERDUE days, and nothing twice on the same day."""

from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailtracker.notifications import services
from mailtracker.notifications.models import Notification

Kind = Notification.Kind
TODAY = date(2026, 3, 31)


def test_the_digest_tells_each_holder_what_they_hold_and_what_is_overdue(
    world, make_record, mailing
):
    late = make_record(subject="Late pension case", due_date=date(2026, 3, 20))
    make_record(subject="Fresh audit para", due_date=date(2026, 4, 20))
    sent = mailing(lambda: services.digests_send(day=TODAY))
    digests = [message for message in sent if "Your letters today" in message.subject]
    assert [message.to for message in digests] == [["officer_a@office.test"]]
    assert digests[0].subject == "[Mail Tracker] Your letters today: 2 held, 1 overdue"
    body = digests[0].body
    assert body.index("Late pension case") < body.index("Fresh audit para")  # overdue first
    assert f"https://mail.office.test/records/{late.pk}/" in body


def test_nobody_who_holds_nothing_gets_a_digest(world, make_record):
    record = make_record()
    from mailtracker.records import services as record_services

    record_services.record_close(actor=world.officer_a, record=record, remarks="Replied")
    assert services.digests_send(day=TODAY) == 0


def test_someone_who_turned_the_digest_off_gets_none(world, make_record):
    make_record()
    world.officer_a.daily_digest = False
    world.officer_a.save()
    assert services.digests_send(day=TODAY) == 0


def test_a_second_run_on_the_same_day_sends_no_second_digest(world, make_record, mailing):
    make_record()
    first = mailing(lambda: services.digests_send(day=TODAY))
    second = mailing(lambda: services.digests_send(day=TODAY))
    assert len(first) == 1
    assert second == []
    assert services.digests_send(day=TODAY + timedelta(days=1)) == 1


def test_a_record_overdue_by_the_configured_days_goes_to_its_section_heads_and_monitor(
    world, make_record, settings
):
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 7
    record = make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, 24))
    record.monitoring_officer = world.head
    record.save()
    assert services.escalations_send(day=TODAY) == 2
    escalated = Notification.objects.filter(kind=Kind.ESCALATED)
    assert {n.recipient.username for n in escalated} == {"section_head", "head"}
    assert {n.details["days_overdue"] for n in escalated} == {7}


def test_a_record_overdue_by_fewer_days_is_not_escalated_yet(world, make_record, settings):
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 7
    make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, 25))
    assert services.escalations_send(day=TODAY) == 0


def test_an_escalation_is_sent_once_per_due_date(world, make_record, settings):
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 3
    record = make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, 20))
    assert services.escalations_send(day=TODAY) == 1
    assert services.escalations_send(day=TODAY + timedelta(days=1)) == 0
    record.due_date = date(2026, 3, 25)  # a new due date, missed again
    record.save()
    assert services.escalations_send(day=TODAY + timedelta(days=5)) == 1


def test_a_later_run_passes_over_what_it_escalated_before_without_trying_again(
    world, make_record, settings
):
    """Every daily run meets the records still overdue: it must not try each escalation again
    and have the database refuse it (at a million records, 18,632 refused inserts took 30 s
    of every run)."""
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 3
    for day in range(1, 6):
        make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, day))
    newly_late = make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, 29))
    assert services.escalations_send(day=TODAY) == 5
    with CaptureQueriesContext(connection) as queries:
        assert services.escalations_send(day=TODAY + timedelta(days=1)) == 1
    inserts = [query["sql"] for query in queries if query["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert Notification.objects.get(kind=Kind.ESCALATED, record=newly_late).details == {
        "days_overdue": 3
    }


def test_a_closed_record_is_never_escalated(world, make_record, settings):
    from mailtracker.records import services as record_services

    settings.ESCALATE_AFTER_DAYS_OVERDUE = 1
    record = make_record(received_date=date(2026, 3, 1), due_date=date(2026, 3, 2))
    record_services.record_close(actor=world.officer_a, record=record, remarks="Replied")
    assert services.escalations_send(day=TODAY) == 0


def test_the_daily_command_sends_digests_and_escalations_and_says_how_many(
    world, make_record, settings, capsys
):
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 0
    yesterday = timezone.localdate() - timedelta(days=1)
    make_record(received_date=yesterday - timedelta(days=1), due_date=yesterday)
    call_command("send_digests")
    assert capsys.readouterr().out.strip() == "digests 1, escalations 1, mails resent 0"
    call_command("send_digests")
    assert capsys.readouterr().out.strip() == "digests 0, escalations 0, mails resent 0"
