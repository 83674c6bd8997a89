"""The register: the filtered, sorted list of visible records, and registering a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mailtracker.attachments.services import record_create_with_document
from mailtracker.attachments.validation import PdfRejected
from mailtracker.records import selectors
from mailtracker.records.filters import RecordFilter
from mailtracker.records.models import Status
from mailtracker.web.forms import RecordCreateForm
from mailtracker.web.holders import with_holders
from mailtracker.web.views.uploads import json_form_errors, json_success, submitted, wants_json

PAGE_SIZE = 25
SORTS = {
    "newest": ("Newest first", ("-id",)),
    "oldest": ("Oldest first", ("id",)),
    "due": ("Due date", (F("due_date").asc(nulls_last=True), "-id")),
    "received": ("Date received", ("-received_date", "-id")),
    "waiting": ("Longest in stage", ("stage_since", "id")),
}
# Parameters that are not filters: left out of export links, which always list everything.
NOT_FILTERS = ("page", "sort")


@login_required
def record_list(request) -> HttpResponse:
    filterset = RecordFilter(
        request.GET or None, queryset=selectors.record_list(request.user), request=request
    )
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    page = _page_number(request.GET.get("page"))
    offset = (page - 1) * PAGE_SIZE
    # One row more than a page tells whether a next page exists, without COUNT(*).
    rows = list(filterset.qs.order_by(*SORTS[sort][1])[offset : offset + PAGE_SIZE + 1])
    subsections = list(selectors.subsections_creatable_by(request.user))
    context = {
        "filterset": filterset,
        "records": with_holders(rows[:PAGE_SIZE]),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "statuses": Status.choices,
        "chosen_statuses": request.GET.getlist("status"),
        "subsections": subsections if len(subsections) > 1 else [],
        "export_query": _filters_only(request.GET).urlencode(),
        "filtered": any(key not in NOT_FILTERS for key in request.GET),
    }
    return render(request, "web/records/list.html", context)


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return 1


def _filters_only(query):
    query = query.copy()
    for key in NOT_FILTERS:
        query.pop(key, None)
    return query


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request) -> HttpResponse:
    subsections = selectors.subsections_creatable_by(request.user)
    form = RecordCreateForm(*submitted(request), subsections=subsections)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            record = record_create_with_document(
                actor=request.user, upload=fields.pop("pdf", None), **fields
            )
        except (ValidationError, PdfRejected) as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Registered as {record.serial}.")
            url = reverse("web:record-detail", args=[record.pk])
            return json_success(url) if wants_json(request) else redirect(url)
    if form.errors and wants_json(request):
        return json_form_errors(form)
    status = form.error_status if form.errors else 200
    context = {"form": form, "can_create": subsections.exists()}
    return render(request, "web/records/create.html", context, status=status)
