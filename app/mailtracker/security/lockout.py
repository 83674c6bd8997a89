"""What a locked-out client is told: 429 with Retry-After, as JSON from the API and as a page
in the browser."""

from django.http import HttpResponse
from django.shortcuts import render
from rest_framework.exceptions import Throttled

from mailtracker.security import limiter

MESSAGE = "Too many failed attempts; try again later."


def api_refusal(error: limiter.Locked) -> Throttled:
    """The DRF exception for a lockout (its handler adds Retry-After)."""
    return Throttled(wait=error.retry_after, detail=MESSAGE)


def page(request, *, retry_after: int, signup: bool = False) -> HttpResponse:
    context = {"minutes": max(1, round(retry_after / 60)), "signup": signup}
    response = render(request, "security/locked_out.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def axes_lockout_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE, for the forms django-axes watches (staff and admin login). The
    try that reaches the limit still gets its own answer ("wrong password"); only tries refused
    without a check get the lockout page."""
    if not getattr(request, "refused_by_limiter", False):
        return original_response
    username = limiter.account_of(request, credentials) or ""
    return page(request, retry_after=limiter.retry_after(request, username))
