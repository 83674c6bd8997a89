"""What the record page shows: the record and who holds it, its documents (and their
history), its assignment chains with the forms this user may use on them, the record-level
actions allowed, and the audit timeline."""

from dataclasses import dataclass, field

from django.forms.models import model_to_dict

from mailtracker.accounts.selectors import candidates_for, display_names
from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.selectors import attachments_of
from mailtracker.audit.selectors import audit_events_for_record
from mailtracker.records import policy
from mailtracker.records.models import Assignment
from mailtracker.records.selectors import candidates_for_record
from mailtracker.web import forms
from mailtracker.web.audit_text import audit_summary, usernames_in

ACTIVE = Assignment.State.ACTIVE
DETAIL_FIELDS = list(forms.RecordDetailsForm.base_fields)


@dataclass
class Chain:
    """An assignment and its successors: who passed the record to whom, with all remarks, and
    the forms this user may use on its current step."""

    steps: list
    remarks: list = field(default_factory=list)
    forms: dict = field(default_factory=dict)

    @property
    def current(self):
        return self.steps[-1]

    @property
    def region(self) -> str:
        return f"chain-{self.steps[0].pk}"


@dataclass
class Document:
    attachment: PdfAttachment
    versions: list  # older versions, newest first
    forms: dict = field(default_factory=dict)


def record_page_context(request, record, *, bound: dict | None = None) -> dict:
    bound = bound or {}
    user = request.user
    allowed = policy.allowed_actions(user, record)
    candidates = candidates_for_record(user, record)
    everything = list(attachments_of(record=record, history=True))
    current = [a for a in everything if a.is_current]
    events = list(audit_events_for_record(record=record))
    names = display_names(usernames_in(events))
    return {
        "record": record,
        "allowed": allowed,
        "action_forms": _action_forms(user, record, allowed, candidates, bound),
        "others_holding": policy.others_holding(user, record) if "close" in allowed else [],
        "chains": _chains(user, record, candidates, bound),
        "documents": _documents(user, record, current, everything, bound),
        "history_documents": [a for a in everything if not a.is_current],
        "shown": _shown(everything, request.GET.get("document")),
        "events": [(event, audit_summary(event, names)) for event in events],
        "done_region": request.GET.get("done", ""),
    }


def _action_forms(user, record, allowed, candidates, bound) -> dict:
    monitors = candidates_for(user) if "change_monitoring" in allowed else None
    makers = {
        "edit": lambda **kw: forms.RecordEditForm(
            initial=model_to_dict(record, fields=DETAIL_FIELDS), monitors=monitors, **kw
        ),
        "assign": lambda **kw: forms.AssignForm(candidates=candidates, **kw),
        "update_action": forms.ActionUpdateForm,
        "close": lambda **kw: forms.CloseForm(
            others_holding=bool(policy.others_holding(user, record)), **kw
        ),
        "reopen": forms.ReopenForm,
        "attach_pdf": lambda **kw: forms.DocumentUploadForm(initial={"stage": "created"}, **kw),
    }
    return {
        name: bound.get(name) or make(prefix=name)
        for name, make in makers.items()
        if name in allowed
    }


def _chains(user, record, candidates, bound: dict) -> list[Chain]:
    assignments = record.assignment_list
    successor_of = {a.parent_id: a for a in assignments if a.parent_id}
    chains = []
    for root in (a for a in assignments if a.parent_id is None):
        steps = [root]
        while steps[-1].pk in successor_of:
            steps.append(successor_of[steps[-1].pk])
        chains.append(_chain(user, record, steps, candidates, bound))
    return chains


def _chain(user, record, steps: list, candidates, bound: dict) -> Chain:
    for step in steps:
        step.record = record  # the policy reads the record; it is already loaded
    chain = Chain(steps=steps)
    chain.remarks = sorted(
        ((remark, step) for step in steps for remark in step.remarks.all()),
        key=lambda pair: (pair[0].created_at, pair[0].pk),
    )
    current = chain.current
    offered = {
        "remark": (policy.can_remark, forms.RemarkForm),
        "done": (policy.can_mark_done, forms.PartDoneForm),
        "reassign": (
            policy.can_reassign,
            lambda **kw: forms.ReassignForm(candidates=candidates, **kw),
        ),
        "revoke": (policy.can_revoke, forms.RevokeForm),
    }
    for name, (may, make) in offered.items():
        if may(user, current):
            key = f"{name}-{current.pk}"
            chain.forms[name] = (key, bound.get(key) or make(prefix=key))
    return chain


def _documents(user, record, current, everything, bound) -> list[Document]:
    may_change = policy.can_attach_pdf(user, record)
    documents = []
    for attachment in current:
        older, step = [], attachment
        by_id = {a.pk: a for a in everything}
        while step.replaces_id and step.replaces_id in by_id:
            step = by_id[step.replaces_id]
            older.append(step)
        document = Document(attachment=attachment, versions=older)
        if may_change:
            for name, form_class in (
                ("replace", forms.DocumentReplaceForm),
                ("remove", forms.DocumentRemoveForm),
            ):
                key = f"{name}-{attachment.pk}"
                document.forms[name] = (key, bound.get(key) or form_class(prefix=key))
        documents.append(document)
    return documents


def _shown(attachments: list, wanted: str | None):
    """The document to show inline: the one asked for (any version still stored), else the
    newest current incoming letter, else the newest current document."""
    for attachment in attachments:
        if str(attachment.id) == wanted and not attachment.purged_at:
            return attachment
    current = [a for a in attachments if a.is_current]
    letters = [a for a in current if a.stage == PdfAttachment.Stage.CREATED]
    return (letters or current or [None])[-1]
