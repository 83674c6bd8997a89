"""Small template helpers of the staff UI."""

from django import template
from django.utils.html import format_html

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
    """A person's name with the office's title for their role."""
    if user is None:
        return "—"
    return format_html('{} <small class="role">({})</small>', user.display_name, user.role_label)


@register.inclusion_tag("web/_status.html")
def status_badge(record):
    return {"record": record}
