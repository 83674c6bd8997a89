"""One record: its page, the actions on it, and its documents. Every lookup goes through the
visibility selector, so a record outside the user's scope is a 404 here exactly as in the API;
every action goes through a service, which refuses what the policy does not allow."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from mailtracker.attachments import selectors as attachment_selectors
from mailtracker.attachments.delivery import pdf_response
from mailtracker.attachments.services import attachment_upload, record_close_with_document
from mailtracker.attachments.validation import PdfRejected
from mailtracker.records import selectors, services
from mailtracker.web import forms
from mailtracker.web.record_page import record_page_context
from mailtracker.web.views.uploads import json_form_errors, json_success, wants_json


@login_required
@require_GET
def record_detail(request, pk: int) -> HttpResponse:
    record = selectors.record_detail(request.user, pk)
    context = record_page_context(request, record)
    return render(request, "web/records/detail.html", context)


def _act(request, record, form, key: str, perform: Callable[[dict], object], done: str):
    """Run a service with a valid form; on refusal, show the record page with the form's errors.
    PermissionDenied is not caught: it becomes the 403 page."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except (ValidationError, PdfRejected) as error:
            form.add_service_error(error)
        else:
            messages.success(request, done)
            url = reverse("web:record-detail", args=[record.pk])
            return json_success(url) if wants_json(request) else redirect(url)
    if wants_json(request):
        return json_form_errors(form)
    record = selectors.record_detail(request.user, record.pk)
    context = record_page_context(request, record, bound={key: form})
    return render(request, "web/records/detail.html", context, status=form.error_status)


@login_required
@require_POST
def record_assign(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.AssignForm(request.POST, prefix="assign")

    def perform(data):
        services.record_assign(
            actor=request.user,
            record=record,
            assignees=list(data["assignees"]),
            instructions=data["instructions"],
        )

    return _act(request, record, form, "assign", perform, "Assigned.")


@login_required
@require_POST
def record_update_action(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.ActionUpdateForm(request.POST, prefix="update_action")

    def perform(data):
        services.record_update_action(actor=request.user, record=record, **data)

    return _act(request, record, form, "update_action", perform, "Current action updated.")


@login_required
@require_POST
def record_close(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.CloseForm(request.POST, request.FILES, prefix="close")

    def perform(data):
        record_close_with_document(
            actor=request.user,
            record=record,
            upload=data["pdf"],
            remarks=data["remarks"],
            completion_date=data["completion_date"],
        )

    return _act(request, record, form, "close", perform, "Closed.")


@login_required
@require_POST
def record_reopen(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.ReopenForm(request.POST, prefix="reopen")

    def perform(data):
        services.record_reopen(actor=request.user, record=record, reason=data["reason"])

    return _act(request, record, form, "reopen", perform, "Reopened.")


@login_required
@require_POST
def record_document_upload(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.DocumentUploadForm(request.POST, request.FILES, prefix="attach_pdf")

    def perform(data):
        attachment_upload(
            actor=request.user, record=record, upload=data["pdf"], stage=data["stage"]
        )

    return _act(request, record, form, "attach_pdf", perform, "Document attached.")


@login_required
@require_POST
def assignment_reassign(request, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_visible(request.user, pk)
    form = forms.ReassignForm(request.POST, prefix=f"reassign-{pk}")

    def perform(data):
        services.assignment_reassign(
            actor=request.user,
            assignment=assignment,
            assignee=data["assignee"],
            instructions=data["instructions"],
        )

    key = f"reassign-{assignment.pk}"
    return _act(request, assignment.record, form, key, perform, "Passed on.")


@login_required
@require_POST
def assignment_remark(request, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_visible(request.user, pk)
    form = forms.RemarkForm(request.POST, prefix=f"remark-{pk}")

    def perform(data):
        services.remark_add(actor=request.user, assignment=assignment, text=data["text"])

    key = f"remark-{assignment.pk}"
    return _act(request, assignment.record, form, key, perform, "Remark added.")


@login_required
@require_GET
@xframe_options_sameorigin  # the record page shows this in a frame; other sites still may not
def record_document(request, pk: int, attachment_id) -> HttpResponse:
    record = selectors.record_for_documents(request.user, pk)
    attachment = attachment_selectors.attachment_of(record=record, attachment_id=attachment_id)
    return pdf_response(attachment, as_download=request.GET.get("download") == "1")
