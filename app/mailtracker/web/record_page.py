"""What the record page shows: the record, its documents, its assignment chains with the forms
this user may use on them, the record-level actions allowed, and the audit timeline."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.selectors import attachments_of
from mailtracker.audit.selectors import audit_events_for_record
from mailtracker.records import policy
from mailtracker.records.models import Assignment
from mailtracker.web import forms
from mailtracker.web.audit_text import audit_summary

ACTIVE = Assignment.State.ACTIVE
ACTION_FORMS = {
    "assign": forms.AssignForm,
    "update_action": forms.ActionUpdateForm,
    "close": forms.CloseForm,
    "reopen": forms.ReopenForm,
    "attach_pdf": forms.DocumentUploadForm,
}


@dataclass
class Chain:
    """An assignment and its successors: who passed the record to whom, with all remarks."""

    steps: list
    remarks: list = field(default_factory=list)
    reassign_form: object = None
    remark_form: object = None

    @property
    def current(self):
        return self.steps[-1]

    @property
    def remark_key(self) -> str:
        return f"remark-{self.current.pk}"

    @property
    def reassign_key(self) -> str:
        return f"reassign-{self.current.pk}"


def record_page_context(request, record, *, bound: dict | None = None) -> dict:
    bound = bound or {}
    user = request.user
    allowed = policy.allowed_actions(user, record)
    attachments = list(attachments_of(record=record))
    chains = _chains(user, record, bound)
    events = list(audit_events_for_record(record=record))
    names = _display_names(events)
    return {
        "record": record,
        "allowed": allowed,
        "action_forms": {
            name: bound.get(name) or form_class(initial=_initial(name), prefix=name)
            for name, form_class in ACTION_FORMS.items()
            if name in allowed
        },
        "chains": chains,
        "holders": [c.current.assignee for c in chains if c.current.state == ACTIVE],
        "attachments": attachments,
        "shown": _shown(attachments, request.GET.get("document")),
        "events": [(event, audit_summary(event, names)) for event in events],
    }


def _display_names(events) -> dict[str, str]:
    """Events name people by username (stable history); the page shows their names."""
    usernames = set()
    for event in events:
        details = event.details or {}
        assignees = details.get("assignees")
        usernames.update(assignees if isinstance(assignees, list) else [])
        usernames.update(str(details[key]) for key in ("from_user", "to_user") if key in details)
    people = get_user_model().objects.filter(username__in=usernames)
    return {person.username: person.display_name for person in people}


def _initial(name: str) -> dict:
    return {"stage": PdfAttachment.Stage.CREATED} if name == "attach_pdf" else {}


def _chains(user, record, bound: dict) -> list[Chain]:
    assignments = record.assignment_list
    successor_of = {a.parent_id: a for a in assignments if a.parent_id}
    chains = []
    for root in (a for a in assignments if a.parent_id is None):
        steps = [root]
        while steps[-1].pk in successor_of:
            steps.append(successor_of[steps[-1].pk])
        chains.append(_chain(user, record, steps, bound))
    return chains


def _chain(user, record, steps: list, bound: dict) -> Chain:
    for step in steps:
        step.record = record  # the policy reads the record; it is already loaded
    chain = Chain(steps=steps)
    chain.remarks = sorted(
        ((remark, step) for step in steps for remark in step.remarks.all()),
        key=lambda pair: (pair[0].created_at, pair[0].pk),
    )
    current = chain.current
    if policy.can_reassign(user, current):
        key = chain.reassign_key
        chain.reassign_form = bound.get(key) or forms.ReassignForm(prefix=key)
    if policy.can_remark(user, current):
        key = chain.remark_key
        chain.remark_form = bound.get(key) or forms.RemarkForm(prefix=key)
    return chain


def _shown(attachments: list, wanted: str | None):
    """The document to show inline: the one asked for, else the newest incoming letter, else
    the newest document."""
    for attachment in attachments:
        if str(attachment.id) == wanted:
            return attachment
    letters = [a for a in attachments if a.stage == PdfAttachment.Stage.CREATED]
    return (letters or attachments or [None])[-1]
