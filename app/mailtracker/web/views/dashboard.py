"""The start page: what I hold, where the register stands, and what has waited longest."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from mailtracker.records import selectors
from mailtracker.records.models import Status
from mailtracker.web.holders import with_holders

QUEUE_LIMIT = 50


@login_required
def dashboard(request) -> HttpResponse:
    counts = selectors.record_status_counts(request.user)
    context = {
        "queue": with_holders(list(selectors.records_held_by(request.user)[:QUEUE_LIMIT])),
        "queue_limit": QUEUE_LIMIT,
        "status_counts": [(value, label, counts[value]) for value, label in Status.choices],
        "held_longest": with_holders(list(selectors.records_held_longest(request.user))),
    }
    return render(request, "web/dashboard.html", context)
