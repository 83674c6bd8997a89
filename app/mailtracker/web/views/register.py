"""The register: the filtered, sorted list of visible records, and registering a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mailtracker.accounts.roles import Role, is_head
from mailtracker.accounts.selectors import candidates_for
from mailtracker.core.errors import Refused
from mailtracker.records import selectors
from mailtracker.records.documents import record_create_with_document
from mailtracker.records.filters import RegisterFilter, with_text_matches
from mailtracker.web.forms import RecordCreateForm
from mailtracker.web.paging import page_number
from mailtracker.web.views.uploads import json_form_errors, json_success, submitted, wants_json

PAGE_SIZE = 25
# Parameters that are not filters: left out of export links, which always list everything.
NOT_FILTERS = ("page", "sort")


@login_required
def record_list(request) -> HttpResponse:
    filterset = RegisterFilter(
        request.GET or None,
        queryset=selectors.with_document_preview(selectors.record_list(request.user)),
        request=request,
        subsections=selectors.subsections_creatable_by(request.user),
    )
    page = page_number(request.GET.get("page"))
    offset = (page - 1) * PAGE_SIZE
    # One row more than a page tells whether a next page exists, without COUNT(*).
    rows = list(filterset.qs[offset : offset + PAGE_SIZE + 1])
    context = {
        "filterset": filterset,
        "records": with_text_matches(rows[:PAGE_SIZE], request.GET.get("q", "")),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "export_query": _filters_only(request.GET).urlencode(),
        "filtered": any(key not in NOT_FILTERS for key in request.GET),
    }
    return render(request, "web/records/list.html", context)


def _filters_only(query):
    query = query.copy()
    for key in NOT_FILTERS:
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
