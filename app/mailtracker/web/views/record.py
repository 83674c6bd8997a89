"""One record: its page, the actions on it, and its documents. Every lookup goes through the
visibility selector, so a record outside the user's scope is a 404 here exactly as in the API;
every action goes through a service, which refuses what the policy does not allow. After an
action the page opens where it happened, with the message there and focused."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from mailtracker.accounts.selectors import candidates_for
from mailtracker.attachments import selectors as attachment_selectors
from mailtracker.attachments.delivery import pdf_response, thumbnail_response
from mailtracker.core.errors import Refused
from mailtracker.notifications.services import notifications_mark_read
from mailtracker.records import documents, policy, selectors, services
from mailtracker.web import forms
from mailtracker.web.record_page import record_page_context
from mailtracker.web.views.uploads import json_form_errors, json_success, wants_json


@login_required
@require_GET
def record_detail(request, pk: int) -> HttpResponse:
    record = selectors.record_detail(request.user, pk)
    # Opening the record is reading what one was told about it.
    notifications_mark_read(user=request.user, record=record)
    context = record_page_context(request, record)
    return render(request, "web/records/detail.html", context)


def _where_it_happened(record, region: str) -> str:
    """The record page, with the message shown in the region of the action; the fragment makes
    the browser itself scroll to that message and focus it (it is focusable), script or not."""
    return reverse("web:record-detail", args=[record.pk]) + f"?done={region}#done-message"


def _act(request, record, form, key: str, perform: Callable, done: str, region: str):
    """Run a service with a valid form; on refusal, show the record page with the form's errors.
    PermissionDenied is not caught: it becomes the 403 page."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except (ValidationError, Refused) as error:
            form.add_service_error(error)
        else:
            messages.success(request, done)
            url = _where_it_happened(record, region)
            return json_success(url) if wants_json(request) else redirect(url)
    if wants_json(request):
        return json_form_errors(form)
    record = selectors.record_detail(request.user, record.pk)
    context = record_page_context(request, record, bound={key: form})
    return render(request, "web/records/detail.html", context, status=form.error_status)


@login_required
@require_POST
def record_edit(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    allowed = policy.can_change_monitoring(request.user, record)
    monitors = candidates_for(request.user) if allowed else None
    form = forms.RecordEditForm(request.POST, prefix="edit", monitors=monitors)

    def perform(data):
        changes = form.changes(record)
        services.record_update(actor=request.user, record=record, changes=changes)

    return _act(request, record, form, "edit", perform, _("Details saved."), "details")


@login_required
@require_POST
def record_assign(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    candidates = selectors.candidates_for_record(request.user, record)
    form = forms.AssignForm(request.POST, prefix="assign", candidates=candidates)

    def perform(data):
        services.record_assign(
            actor=request.user,
            record=record,
            assignees=list(data["assignees"]),
            instructions=data["instructions"],
        )

    return _act(request, record, form, "assign", perform, _("Assigned."), "assignments")


@login_required
@require_POST
def record_update_action(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.ActionUpdateForm(request.POST, prefix="update_action")

    def perform(data):
        services.record_update_action(actor=request.user, record=record, **data)

    return _act(
        request, record, form, "update_action", perform, _("Current action updated."), "status"
    )


@login_required
@require_POST
def record_close(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    others = bool(policy.others_holding(request.user, record))
    form = forms.CloseForm(request.POST, request.FILES, prefix="close", others_holding=others)

    def perform(data):
        documents.record_close_with_document(
            actor=request.user,
            record=record,
            upload=data["pdf"],
            remarks=data["remarks"],
            completion_date=data["completion_date"],
            end_open_parts=data.get("end_open_parts", False),
        )

    return _act(request, record, form, "close", perform, _("Closed."), "status")


@login_required
@require_POST
def record_reopen(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.ReopenForm(request.POST, prefix="reopen")

    def perform(data):
        services.record_reopen(actor=request.user, record=record, reason=data["reason"])

    return _act(request, record, form, "reopen", perform, _("Reopened."), "status")


@login_required
@require_POST
def record_document_upload(request, pk: int) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    form = forms.DocumentUploadForm(request.POST, request.FILES, prefix="attach_pdf")

    def perform(data):
        documents.attachment_upload(
            actor=request.user, record=record, upload=data["pdf"], stage=data["stage"]
        )

    return _act(request, record, form, "attach_pdf", perform, _("Document attached."), "documents")


@login_required
@require_POST
def record_document_replace(request, pk: int, attachment_id) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    old = attachment_selectors.attachment_of(record=record, attachment_id=attachment_id)
    key = f"replace-{old.pk}"
    form = forms.DocumentReplaceForm(request.POST, request.FILES, prefix=key)

    def perform(data):
        documents.attachment_replace(actor=request.user, old=old, upload=data["pdf"])

    done = _("New version stored; the old one is kept in the history.")
    return _act(request, record, form, key, perform, done, "documents")


@login_required
@require_POST
def record_document_remove(request, pk: int, attachment_id) -> HttpResponse:
    record = selectors.record_get_visible(request.user, pk)
    attachment = attachment_selectors.attachment_of(record=record, attachment_id=attachment_id)
    key = f"remove-{attachment.pk}"
    form = forms.DocumentRemoveForm(request.POST, prefix=key)

    def perform(data):
        documents.attachment_remove(
            actor=request.user, attachment=attachment, reason=data["reason"]
        )

    done = _("Document removed from the record; its file is kept in the history.")
    return _act(request, record, form, key, perform, done, "documents")


def _assignment_view(name: str, make_form, service, done: str):
    """A view for one action on the current step of a chain; the page reopens at that chain.
    ``make_form(request, record, prefix)`` builds the bound form."""

    @login_required
    @require_POST
    def view(request, pk: int) -> HttpResponse:
        assignment = selectors.assignment_get_visible(request.user, pk)
        record = selectors.record_get_visible(request.user, assignment.record_id)
        key = f"{name}-{assignment.pk}"
        form = make_form(request, record, key)
        region = f"chain-{selectors.chain_root_id(assignment)}"

        def perform(data):
            service(actor=request.user, assignment=assignment, **data)

        return _act(request, record, form, key, perform, done, region)

    return view


def _plain(form_class):
    return lambda request, record, key: form_class(request.POST, prefix=key)


assignment_reassign = _assignment_view(
    "reassign",
    lambda request, record, key: forms.ReassignForm(
        request.POST,
        prefix=key,
        candidates=selectors.candidates_for_record(request.user, record),
    ),
    services.assignment_reassign,
    _("Passed on."),
)
assignment_remark = _assignment_view(
    "remark", _plain(forms.RemarkForm), services.remark_add, _("Remark added.")
)
assignment_done = _assignment_view(
    "done",
    _plain(forms.PartDoneForm),
    services.assignment_mark_done,
    _("Your part is marked done."),
)
assignment_revoke = _assignment_view(
    "revoke", _plain(forms.RevokeForm), services.assignment_revoke, _("Assignment revoked.")
)


@login_required
@require_GET
@xframe_options_sameorigin  # the record page shows this in a frame; other sites still may not
def record_document(request, pk: int, attachment_id) -> HttpResponse:
    record = selectors.record_for_documents(request.user, pk)
    attachment = attachment_selectors.attachment_to_show(record=record, attachment_id=attachment_id)
    return pdf_response(attachment, as_download=request.GET.get("download") == "1")


@login_required
@require_GET
def record_document_thumbnail(request, pk: int, attachment_id) -> HttpResponse:
    record = selectors.record_for_documents(request.user, pk)
    attachment = attachment_selectors.attachment_of(record=record, attachment_id=attachment_id)
    return thumbnail_response(attachment)
