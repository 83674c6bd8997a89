"""The mails: to whom, what they say, the link back over HTTPS, preferences, and what a relay
that is down does (nothing lost)."""

import smtplib

import pytest
from django.core import mail
from django.db import connection

from mailtracker.notifications import services
from mailtracker.notifications.models import Notification
from mailtracker.records import services as record_services

Mail = Notification.Mail


def test_a_letter_given_to_someone_mails_them_its_subject_and_a_link_to_the_record(
    world, make_record, mailing
):
    sent = mailing(lambda: make_record(assignees=[world.officer_a]))
    record = mailing.result
    assert [message.to for message in sent] == [["officer_a@office.test"]]
    assert sent[0].subject == (
        f"[Mail Tracker] {record.serial} assigned to you: Pension revision for retired staff"
    )
    assert f"https://mail.office.test/records/{record.pk}/" in sent[0].body
    assert Notification.objects.get().mail_state == Mail.SENT


def test_someone_who_turned_immediate_mails_off_is_told_in_the_app_only(
    world, make_record, mailing
):
    world.officer_a.email_notifications = False
    world.officer_a.save()
    assert mailing(lambda: make_record(assignees=[world.officer_a])) == []
    notification = Notification.objects.get()
    assert notification.mail_state == Mail.NOT_SENT
    assert notification.read_at is None


def test_someone_without_an_address_is_told_in_the_app_only(world, make_record, mailing):
    world.officer_a.email = ""
    world.officer_a.save()
    assert mailing(lambda: make_record(assignees=[world.officer_a])) == []
    assert Notification.objects.get().mail_state == Mail.NOT_SENT


def test_without_a_relay_configured_no_mail_is_attempted(world, make_record, mailing, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    assert mailing(lambda: make_record()) == []
    assert Notification.objects.get().mail_state == Mail.NOT_SENT


def test_the_mail_is_in_the_recipients_language(world, make_record, mailing):
    world.officer_a.language = "hi"
    world.officer_a.save()
    sent = mailing(lambda: make_record(assignees=[world.officer_a]))
    assert "आपको सौंपा गया" in sent[0].subject
    assert "अभिलेख खोलें" in sent[0].body


class RelayDown:
    """An SMTP relay that refuses every connection, until it is back."""

    def __init__(self, monkeypatch):
        self.down = True
        original = mail.EmailMessage.send

        def send(message, *args, **kwargs):
            if self.down:
                raise smtplib.SMTPConnectError(421, "relay unavailable")
            return original(message, *args, **kwargs)

        monkeypatch.setattr(mail.EmailMessage, "send", send)


@pytest.fixture
def queued_while_down(world, make_record, settings, monkeypatch):
    """A letter given to officer A while the relay is down: its mail waits in the queue."""
    settings.MAIL_DELIVERY = "queue"
    world.officer_a.email = "officer_a@office.test"
    world.officer_a.save()
    relay = RelayDown(monkeypatch)
    make_record()
    return relay, Notification.objects.get()


def test_while_the_relay_is_down_the_mail_waits_and_the_queue_tries_again(queued_while_down):
    relay, notification = queued_while_down
    with pytest.raises(smtplib.SMTPConnectError):  # raised again: procrastinate retries
        services.notification_mail_send(notification_id=notification.pk, final_attempt=False)
    notification.refresh_from_db()
    assert notification.mail_state == Mail.PENDING
    assert "relay unavailable" in notification.mail_error
    relay.down = False
    services.notification_mail_send(notification_id=notification.pk, final_attempt=False)
    assert Notification.objects.get().mail_state == Mail.SENT
    assert len(mail.outbox) == 1


def test_a_mail_that_failed_every_try_is_queued_again_by_the_daily_run(queued_while_down):
    relay, notification = queued_while_down
    services.notification_mail_send(notification_id=notification.pk, final_attempt=True)
    assert Notification.objects.get().mail_state == Mail.FAILED
    relay.down = False
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed'")
    assert services.failed_mails_resend() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs "
            "WHERE task_name = 'send_notification_mail' AND status = 'todo'"
        )
        assert cursor.fetchone()[0] == 1
    services.notification_mail_send(notification_id=notification.pk, final_attempt=False)
    assert Notification.objects.get().mail_state == Mail.SENT


def test_a_change_only_queues_its_mail_for_the_worker(world, make_record, settings):
    settings.MAIL_DELIVERY = "queue"
    world.officer_a.email = "officer_a@office.test"
    world.officer_a.save()
    make_record()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT queue_name, args->>'notification_id' FROM procrastinate_jobs "
            "WHERE task_name = 'send_notification_mail'"
        )
        assert cursor.fetchall() == [("notifications", str(Notification.objects.get().pk))]
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queued_mail(settings):
    from procrastinate.contrib.django import app

    from mailtracker.testing.world import build_world, record_fields

    settings.MAIL_DELIVERY = "queue"
    world = build_world()
    world.officer_a.email = "officer_a@office.test"
    world.officer_a.save()
    record_services.record_create(
        actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a], **record_fields()
    )
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=["notifications"], wait=False, install_signal_handlers=False)
    assert [message.to for message in mail.outbox] == [["officer_a@office.test"]]
    assert Notification.objects.get().mail_state == Mail.SENT
