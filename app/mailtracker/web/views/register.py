"""The register: the filtered, sorted list of visible records, and registering a new one."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework import exceptions as api_errors
from rest_framework.request import Request

from mailtracker.accounts.coverage import role_coverage
from mailtracker.accounts.roles import Role, is_head
from mailtracker.accounts.selectors import candidates_for
from mailtracker.core.errors import Refused
from mailtracker.records import selectors
from mailtracker.records.documents import record_create_with_document
from mailtracker.records.filters import RegisterFilter, place_chosen, with_text_matches
from mailtracker.records.pagination import RecordCursorPagination
from mailtracker.web.forms import RecordCreateForm
from mailtracker.web.views.uploads import json_form_errors, json_success, submitted, wants_json

# Parameters that are not filters: left out of export links, which always list everything.
NOT_FILTERS = ("cursor", "go_to_date", "sort")
PAGING = ("cursor", "go_to_date")


@login_required
def record_list(request) -> HttpResponse:
    selectors.remember_visibility(request.user)
    subsections = _subsections_to_choose_from(request.user)
    offered = ("subsection",) if RegisterFilter.offers_subsection(subsections) else ()
    records = selectors.record_rows(request.user, place=place_chosen(request.GET, offered))
    filterset = RegisterFilter(
        request.GET or None,
        queryset=records,
        request=request,
        subsections=subsections,
    )
    pager, rows, paging_error = _paginate(filterset.qs, request)
    context = {
        "filterset": filterset,
        "records": with_text_matches(rows, request.GET.get("q", "")),
        "sort": pager.sort,
        "back_link": _relative(pager.get_previous_link()),
        "forward_link": _relative(pager.get_next_link()),
        "paging_error": paging_error,
        "go_to_date": request.GET.get("go_to_date", ""),
        "kept_query": [
            (key, value) for key, values in request.GET.lists() if key not in PAGING
            for value in values
        ],
        "export_query": _without(request.GET, NOT_FILTERS).urlencode(),
        "filtered": any(key not in NOT_FILTERS for key in request.GET),
    }  # fmt: skip
    return render(request, "web/records/list.html", context)


def _subsections_to_choose_from(user):
    """The subsections the register may offer to choose between; None, without reading them,
    for those who cover one at most (a round trip of most register pages)."""
    if role_coverage(user).one_subsection_at_most:
        return None
    return selectors.subsections_creatable_by(user)


def _paginate(records, request):
    """The API's keyset pagination (no COUNT, no OFFSET): its pages, links and date jumps. A
    date that is no date, or a cursor that was forged or outlived its list, gives the first
    page with a word why, instead of the API's 400 or 404."""
    pager = RecordCursorPagination()
    try:
        return pager, pager.paginate_queryset(records, Request(request)), ""
    except api_errors.ValidationError as error:
        message = str(error.detail[pager.date_query_param][0])
    except api_errors.NotFound:
        message = _("That page is no longer there; here is the first one.")
    request.GET = _without(request.GET, PAGING)
    return pager, pager.paginate_queryset(records, Request(request)), message


def _relative(url: str | None) -> str:
    """The path and query of a link DRF builds absolute."""
    return urlunsplit(("", "", *urlsplit(url)[2:])) if url else ""


def _without(query, keys):
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query


def _may_choose_monitor(user) -> bool:
    """At registration only the head and section heads choose the monitoring officer; the
    service checks it per record again (rule 4)."""
    return is_head(user) or user.role == Role.SECTION_HEAD


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request) -> HttpResponse:
    user = request.user
    subsections = selectors.subsections_creatable_by(user)
    candidates = candidates_for(user)
    form = RecordCreateForm(
        *submitted(request),
        subsections=subsections,
        candidates=candidates,
        monitors=candidates if _may_choose_monitor(user) else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            fields["assignees"] = list(fields["assignees"])
            record = record_create_with_document(
                actor=user, upload=fields.pop("pdf", None), **fields
            )
        except (ValidationError, Refused) as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Registered as %(serial)s.") % {"serial": record.serial})
            url = reverse("web:record-detail", args=[record.pk]) + "?done=status#done-message"
            return json_success(url) if wants_json(request) else redirect(url)
    if form.errors and wants_json(request):
        return json_form_errors(form)
    status = form.error_status if form.errors else 200
    context = {"form": form, "can_create": subsections.exists()}
    return render(request, "web/records/create.html", context, status=status)
