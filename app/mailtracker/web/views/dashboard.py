"""The start page: what is overdue, what I hold, what waits to be assigned, what I registered
and what I monitor, where the register stands, and what has waited longest."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mailtracker.accounts.roles import Role, is_head
from mailtracker.records import selectors
from mailtracker.records.models import Status
from mailtracker.records.pagination import RecordCursorPagination

# A queue shows the first page of its list, as the register would: "See all" opens the
# register in the queue's order, which goes on from there. (Fifty rows a queue made a section
# head's dashboard of four queues render 110 rows, ~0.5 ms each.)
QUEUE_LIMIT = RecordCursorPagination.page_size


@dataclass
class Queue:
    key: str
    title: str
    hint: str
    records: list
    count: int
    more_query: str
    empty: str


def _table_rows(records) -> list:
    """Rows for the register's table (web/records/_table.html), which the dashboard shows
    without a search or previews: said on each row, not left for the template to miss (each
    missing attribute costs Django's template a dir() of the record: 220 on a section head's
    dashboard, 5 ms)."""
    rows = list(records)
    for record in rows:
        record.text_match = None
        record.shown_thumbnail = False
    return rows


def _queue(key, title, hint, records, more_query, empty) -> Queue:
    rows = _table_rows(records[: QUEUE_LIMIT + 1])
    # Counted only when longer than shown; exact, since queues hold open records only.
    count = len(rows) if len(rows) <= QUEUE_LIMIT else records.count()
    # "See all" opens the register in the queue's order.
    return Queue(key, title, hint, rows[:QUEUE_LIMIT], count, f"{more_query}&sort=due", empty)


def _queues(user) -> list[Queue]:
    queues = [
        _queue(
            "mine", _("My queue"), _("held by me and open, overdue first"),
            selectors.records_held_by(user), "scope=assigned_to_me",
            _("Nothing is waiting for you. Records given to you appear here."),
        )
    ]  # fmt: skip
    if is_head(user) or user.role == Role.SECTION_HEAD:
        queues.append(
            _queue(
                "to-assign", _("To assign"), _("open, held by nobody"),
                selectors.records_to_assign(user), "scope=to_assign",
                _("Every open letter is held by someone."),
            )
        )  # fmt: skip
    registered = selectors.records_registered_by(user)
    if user.role == Role.CLERK or registered.exists():
        queues.append(
            _queue(
                "registered", _("Registered by me"), _("open letters I registered"),
                registered, "scope=created_by_me", _("Nothing you registered is open."),
            )
        )  # fmt: skip
    monitored = selectors.records_monitored_by(user)
    if monitored.exists():
        queues.append(
            _queue(
                "monitoring", _("Monitoring"), _("open letters I monitor"),
                monitored, "scope=monitored_by_me", "",
            )
        )  # fmt: skip
    return queues


@login_required
def dashboard(request) -> HttpResponse:
    user = request.user
    selectors.remember_visibility(user)
    counts, overdue_count = selectors.record_figures(user)
    context = {
        "overdue_count": overdue_count,
        "queues": _queues(user),
        "queue_limit": QUEUE_LIMIT,
        "status_counts": [(value, label, counts[value]) for value, label in Status.choices],
        "held_longest": _table_rows(selectors.records_held_longest(user)),
    }
    return render(request, "web/dashboard.html", context)
