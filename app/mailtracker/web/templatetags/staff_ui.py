"""Small template helpers of the staff UI."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

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


@register.inclusion_tag("web/_status.html")
def status_badge(record):
    return {"record": record}


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
