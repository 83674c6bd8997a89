"""Writes of notifications: telling people what was given to them or taken from them (called by
the record services, inside their transactions), the daily digests and escalations (called by
the timer's command), and the delivery of each one's mail."""

import contextlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mailtracker.notifications import mail
from mailtracker.notifications.models import Notification
from mailtracker.notifications.selectors import (
    escalation_key,
    escalations_made,
    people_with_digest,
    records_to_escalate,
    section_heads_by_section,
    watchers_of_overdue,
)

logger = logging.getLogger(__name__)
Kind = Notification.Kind
MAIL_ERROR_MAX = 500
# Failed mails are sent again by the daily run for this long; older ones stay failed (and shown
# as such in the admin): the person has long seen them in the app.
RESEND_FAILED_FOR = timedelta(days=7)


def notifications_send(*, kind: str, people, record=None, actor=None, **details) -> list:
    """Tell each person (once; never the actor, never an inactive account) and queue their
    mails. Called inside the transaction of the change, so both commit or vanish together."""
    actor_id = getattr(actor, "pk", None)
    recipients = {p.pk: p for p in people if p is not None and p.is_active and p.pk != actor_id}
    created = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            record=record,
            actor=actor,
            details=details,
            mail_state=_first_mail_state(person, kind),
        )
        for person in recipients.values()
    )
    for notification in created:
        _request_mail(notification)
    return created


def _first_mail_state(person, kind: str) -> str:
    wanted = person.daily_digest if kind == Kind.DIGEST else person.email_notifications
    if wanted and person.email and mail.relay_configured():
        return Notification.Mail.PENDING
    return Notification.Mail.NOT_SENT


def _request_mail(notification: Notification) -> None:
    if notification.mail_state != Notification.Mail.PENDING:
        return
    if settings.MAIL_DELIVERY == "queue":
        from procrastinate.exceptions import AlreadyEnqueued

        from mailtracker.notifications.tasks import send_notification_mail

        # A job still waiting for this mail sends it: no second one.
        with contextlib.suppress(AlreadyEnqueued):
            send_notification_mail.configure(queueing_lock=f"mail-{notification.pk}").defer(
                notification_id=notification.pk
            )
    else:
        transaction.on_commit(
            lambda: notification_mail_send(notification_id=notification.pk, final_attempt=True)
        )


def notification_mail_send(*, notification_id: int, final_attempt: bool) -> str | None:
    """Send one notification's mail. A failure is recorded on the row; unless this is the final
    attempt it is raised again, so that the queue tries later. Returns the mail's state."""
    notification = (
        Notification.objects.select_related("recipient", "record", "actor")
        .filter(pk=notification_id, mail_state__in=["pending", "failed"])
        .first()
    )
    if notification is None:
        return None  # sent meanwhile (a retried job), or never wanted
    try:
        mail.compose(notification).send()
    except Exception as error:
        _record_failure(notification, error, final=final_attempt)
        if not final_attempt:
            raise
        return Notification.Mail.FAILED
    Notification.objects.filter(pk=notification.pk).update(
        mail_state=Notification.Mail.SENT, mailed_at=timezone.now(), mail_error=""
    )
    return Notification.Mail.SENT


def _record_failure(notification: Notification, error: Exception, *, final: bool) -> None:
    reason = f"{type(error).__name__}: {error}"[:MAIL_ERROR_MAX]
    logger.warning("Mail of notification %s failed (final: %s): %s", notification.pk, final, reason)
    changes = {"mail_error": reason}
    if final:
        changes["mail_state"] = Notification.Mail.FAILED
    Notification.objects.filter(pk=notification.pk).update(**changes)


def _once(*, key: str, **fields) -> Notification | None:
    """Create the notification unless one with this key exists for the person (a second run of
    the timer the same day); returns it only when new."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(key=key, **fields)
    except IntegrityError:
        return None
    _request_mail(notification)
    return notification


def digests_send(*, day: date) -> int:
    """Rule of the daily digest: everyone who wants it and holds open records gets one
    (what they hold, what of it is overdue), once a day."""
    sent = 0
    for person, held, overdue in people_with_digest(today=day):
        made = _once(
            key=f"digest:{day.isoformat()}",
            recipient=person,
            kind=Kind.DIGEST,
            details={"held": held, "overdue": overdue},
            mail_state=_first_mail_state(person, Kind.DIGEST),
        )
        sent += made is not None
    return sent


def escalations_send(*, day: date) -> int:
    """Records overdue by ESCALATE_AFTER_DAYS_OVERDUE days or more go to their section's heads
    and their monitoring officer, once for each due date."""
    sent = 0
    limit = day - timedelta(days=settings.ESCALATE_AFTER_DAYS_OVERDUE)
    heads = section_heads_by_section()
    overdue = records_to_escalate(due_before_or_on=limit)
    # Those already escalated are passed over here, not refused by the database one insert at a
    # time: records stay overdue for weeks, and every daily run meets them again.
    already = escalations_made(overdue)
    for record in overdue:
        key = escalation_key(record)
        for person in watchers_of_overdue(record, heads=heads):
            if (person.pk, key) in already:
                continue
            made = _once(
                key=key,
                recipient=person,
                kind=Kind.ESCALATED,
                record=record,
                details={"days_overdue": (day - record.due_date).days},
                mail_state=_first_mail_state(person, Kind.ESCALATED),
            )
            sent += made is not None
    return sent


def failed_mails_resend(*, now=None) -> int:
    """Queue again the mails that failed every try (the relay was down for a day): the worker
    tries each for another day. Returns how many."""
    since = (now or timezone.now()) - RESEND_FAILED_FOR
    failed = list(
        Notification.objects.filter(mail_state=Notification.Mail.FAILED, created_at__gte=since)
    )
    for notification in failed:
        Notification.objects.filter(pk=notification.pk).update(mail_state=Notification.Mail.PENDING)
        notification.mail_state = Notification.Mail.PENDING
        _request_mail(notification)
    return len(failed)


def notifications_mark_read(*, user, record=None, ids=None) -> int:
    """Mark the user's unread notifications read: all of them, those of one record (opening it
    is reading them), or the given ids. Returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if record is not None:
        unread = unread.filter(record=record)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
