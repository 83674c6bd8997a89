"""What a notification says, in the recipient's language: the line shown in the app's list and
used as the mail's subject, and the mail itself, with a link back to the record."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mailtracker.notifications.models import Notification
from mailtracker.notifications.selectors import held_for_digest

Kind = Notification.Kind
# Marked for translation here, translated when shown (in the reader's language).
HEADLINES = {
    Kind.ASSIGNED: gettext_noop("%(serial)s assigned to you: %(subject)s"),
    Kind.PASSED: gettext_noop("%(serial)s passed to you by %(actor)s: %(subject)s"),
    Kind.RETURNED: gettext_noop("%(serial)s returned to you by %(actor)s: %(subject)s"),
    Kind.REVOKED: gettext_noop("%(serial)s: your assignment was revoked by %(actor)s"),
    Kind.CLOSED: gettext_noop("%(serial)s closed by %(actor)s: %(subject)s"),
    Kind.REOPENED: gettext_noop("%(serial)s reopened by %(actor)s: %(subject)s"),
    Kind.ESCALATED: gettext_noop("%(serial)s is %(days)s days overdue: %(subject)s"),
    Kind.DIGEST: gettext_noop("Your letters today: %(held)s held, %(overdue)s overdue"),
}


def relay_configured() -> bool:
    """Mails leave only through a relay (EMAIL_HOST); other backends (the console in
    development, memory in tests) always "send"."""
    return bool(settings.EMAIL_HOST) or not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")


def record_url(record) -> str:
    return settings.SITE_URL + reverse("web:record-detail", args=[record.pk])


def headline(notification: Notification) -> str:
    """One line, in the active language."""
    record, details = notification.record, notification.details or {}
    values = {
        "serial": record.serial if record else "",
        "subject": Truncator(record.subject).chars(80) if record else "",
        "actor": notification.actor.display_name if notification.actor else _("the system"),
        "days": details.get("days_overdue", ""),
        "held": details.get("held", ""),
        "overdue": details.get("overdue", ""),
    }
    return _(HEADLINES[notification.kind]) % values


def _language(person) -> str:
    return person.language or settings.LANGUAGE_CODE


def compose(notification: Notification) -> EmailMessage:
    person = notification.recipient
    with translation.override(_language(person)):
        context = {
            "person": person,
            "notification": notification,
            "headline": headline(notification),
            "record": notification.record,
            "record_url": record_url(notification.record) if notification.record else "",
            "site_url": settings.SITE_URL + "/",
            "settings_url": settings.SITE_URL + reverse("web:preferences"),
        }
        if notification.kind == Kind.DIGEST:
            today = timezone.localdate()
            context["held"] = [
                (record, record_url(record), record.due_date and record.due_date < today)
                for record in held_for_digest(person)
            ]
        body = render_to_string("notifications/mail/notification.txt", context)
        subject = settings.EMAIL_SUBJECT_PREFIX + context["headline"]
    return EmailMessage(subject=subject, body=body, to=[person.email])
