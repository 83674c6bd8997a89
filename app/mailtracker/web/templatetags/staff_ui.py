"""Small template helpers of the staff UI."""

from django import template
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext, ngettext_lazy

from mailtracker.attachments.active_content import describe

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (e.g. the page or the sort)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


@register.filter
def person(user) -> str:
    """A person's name with their designation (or the office's title for their role)."""
    if user is None:
        return "—"
    return format_html('{} <small class="role">({})</small>', user.display_name, user.title)


@register.simple_tag
def status_badge(record) -> str:
    """The record's status, flagged when it is overdue. Written here, not in a template of its
    own: the register shows it on every row, and an inclusion tag's rendering cost ~100 µs a
    row."""
    badge = format_html(
        '<span class="status status-{}">{}</span>', record.status, record.status_label
    )
    if record.is_overdue:
        badge += format_html(' <span class="overdue-flag">{}</span>', gettext("Overdue"))
    return badge


@register.filter(expects_localtime=True)
def iso(value) -> str:
    """A date or a time in the local zone for ``<time datetime>``: what ``date:'c'`` gives,
    without Django's format parser (several times a row in the register)."""
    return value.isoformat() if value else ""


# Django's own words for "3 days, 4 hours", in this catalogue: its Hindi one lacks them.
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def time_in_stage(since) -> str:
    """How long since ``since``, in words of the active language ("3 days, 4 hours")."""
    return timesince(since, time_strings=TIME_STRINGS) if since else ""


@register.filter
def due_phrase(record) -> str:
    """ "5 days late", "due today", "due in 3 days": how far the due date is, in words."""
    days = record.days_overdue
    if days is None:
        return ""
    if days == 0:
        return gettext("due today")
    if days > 0:
        return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}
    return ngettext("due in %(days)s day", "due in %(days)s days", -days) % {"days": -days}


@register.inclusion_tag("web/_messages.html", takes_context=True)
def messages_here(context, region: str):
    """Messages after an action, shown (and focused) in the region where it happened."""
    here = context.get("done_region") == region
    return {"messages": context.get("messages") if here else None, "region": region}


@register.filter
def active_content_labels(kinds) -> str:
    """["javascript", "launch"] -> "JavaScript, launch actions (...)"."""
    return describe(kinds)
