"""Forms of the staff UI. They only parse input; every rule about who may do what, and every
check of a PDF's content, stays in the services, whose messages are shown beside the fields."""

from itertools import groupby

from django import forms
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailtracker.accounts.roles import SIGNUP_ROLES, role_label
from mailtracker.core.errors import Refused

PDF_ACCEPT = "application/pdf,.pdf"


class DateInput(forms.DateInput):
    input_type = "date"


class StaffForm(forms.Form):
    """Renders every field with the UI's field template (label, input, help, errors)."""

    # The HTTP status to answer a refused submission with (413 for a PDF over the size limit).
    error_status = 400

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "web/forms/field.html"
            if isinstance(field, PdfField):
                field.apply_current_limit()

    def add_service_error(self, error: Exception) -> None:
        """Show a service's refusal: field messages beside their field, the rest on top."""
        if isinstance(error, Refused):
            self.error_status = error.status
            self.add_error("pdf" if "pdf" in self.fields else None, error.message)
            return
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
            return
        self.add_error(None, error)


class PdfField(forms.FileField):
    """A PDF file input that tells the browser the accepted type and the size limit, so the
    page can refuse a wrong file before uploading it. The server checks again regardless."""

    def apply_current_limit(self) -> None:
        """Read the limit when a form is made, not when this module is imported."""
        limit = settings.MAX_PDF_SIZE_MB
        self.help_text = _("A PDF of at most %(limit)s MB. Drop it here or choose a file.") % {
            "limit": limit
        }
        self.widget.attrs.update(
            {
                "accept": PDF_ACCEPT,
                "data-max-bytes": str(limit * 1024 * 1024),
                "data-max-mb": str(limit),
            }
        )


def person_label(user) -> str:
    """Name and designation (or role title): how the office knows a person."""
    return f"{user.display_name} ({user.title})"


class PeoplePicker(forms.CheckboxSelectMultiple):
    """People grouped by subsection, with a box that filters them as one types (rule 6)."""

    template_name = "web/widgets/people.html"


class PersonPicker(forms.RadioSelect):
    template_name = "web/widgets/people.html"


def _group_name(user) -> str:
    return str(user.subsection) if user.subsection_id else str(_("Heads and section heads"))


def _grouped(people) -> list:
    """Choices grouped by subsection for the pickers (people come ordered by subsection)."""
    people = sorted(people, key=lambda user: (user.subsection_id is not None, _group_name(user)))
    return [
        (group, [(user.pk, person_label(user)) for user in members])
        for group, members in groupby(people, key=_group_name)
    ]


class PeopleField(forms.ModelMultipleChoiceField):
    widget = PeoplePicker

    def set_people(self, people) -> None:
        self.queryset = people
        self.choices = _grouped(people)


class PersonField(forms.ModelChoiceField):
    widget = PersonPicker

    def set_people(self, people) -> None:
        self.queryset = people
        self.choices = _grouped(people)


class PersonSelectField(forms.ModelChoiceField):
    """One person from a drop-down, grouped by subsection (the monitoring officer)."""

    def set_people(self, people) -> None:
        self.queryset = people
        self.choices = [("", self.empty_label), *_grouped(people)]


class RecordDetailsForm(StaffForm):
    """The registered details: typed when registering, corrected later (rule 3's dates)."""

    letter_number = forms.CharField(max_length=100, label=_("Letter number"))
    letter_date = forms.DateField(
        widget=DateInput, required=False, label=_("Date on the letter"), help_text=_("If known.")
    )
    received_date = forms.DateField(widget=DateInput, label=_("Date received"))
    from_office = forms.CharField(max_length=200, label=_("From (office or sender)"))
    subject = forms.CharField(max_length=500, label=_("Subject"))
    action_required = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Action required"),
    )
    initial_instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Initial instructions")
    )
    due_date = forms.DateField(widget=DateInput, required=False, label=_("Due date"))
    monitoring_officer = PersonSelectField(
        queryset=None, required=False, empty_label=_("The section head (default)")
    )

    def __init__(self, *args, monitors=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.fields["received_date"].widget.attrs["max"] = today
        self.fields["letter_date"].widget.attrs["max"] = today
        if monitors is None:  # only the head and section heads choose (rule 4)
            del self.fields["monitoring_officer"]
        else:
            self.fields["monitoring_officer"].set_people(monitors)


class RecordCreateForm(RecordDetailsForm):
    subsection = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("Subsection"))
    assignees = PeopleField(
        queryset=None,
        label=_("Who will act on it"),
        help_text=_("One or more people; each holds the letter until their part is done."),
    )
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Instructions to them")
    )
    pdf = PdfField(required=False, label=_("Scanned letter (PDF)"))

    def __init__(self, *args, subsections, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subsection"].queryset = subsections
        self.fields["subsection"].label_from_instance = str
        self.fields["assignees"].set_people(candidates)
        self.fields["received_date"].initial = timezone.localdate


class RecordEditForm(RecordDetailsForm):
    """Corrections by those the policy allows; only changed fields are sent to the service."""

    def __init__(self, *args, monitors=None, **kwargs):
        super().__init__(*args, monitors=monitors, **kwargs)
        if monitors is not None:
            self.fields["monitoring_officer"].empty_label = _("Nobody")
            self.fields["monitoring_officer"].set_people(monitors)

    def changes(self, record) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if getattr(record, name) != value
        }


class AssignForm(StaffForm):
    assignees = PeopleField(
        queryset=None,
        label=_("Assign to"),
        help_text=_("Choose one or several people; each gets their own assignment."),
    )
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Instructions")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].set_people(candidates)


class ReassignForm(StaffForm):
    assignee = PersonField(queryset=None, label=_("Pass on to"))
    remark = forms.CharField(
        label=_("Remark"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why you pass it on."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].set_people(candidates)


class RemarkForm(StaffForm):
    text = forms.CharField(label=_("Remark"), widget=forms.Textarea(attrs={"rows": 2}))


class PartDoneForm(StaffForm):
    remark = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=True
    )


class RevokeForm(StaffForm):
    reason = forms.CharField(label=_("Why revoke it?"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionUpdateForm(StaffForm):
    action_status = forms.ChoiceField(label=_("Current action"), choices=())
    remarks = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Remarks")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_status"].choices = [(s, s) for s in settings.ACTION_STATUSES]


class CloseForm(StaffForm):
    remarks = forms.CharField(
        label=_("Closing remark"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the letter was dealt with; it joins the history."),
    )
    completion_date = forms.DateField(widget=DateInput, required=False, label=_("Completion date"))
    end_open_parts = forms.BooleanField(
        required=False, label=_("I have seen the parts still held above; end them and close.")
    )
    pdf = PdfField(required=False, label=_("Closing document (PDF), e.g. the reply sent"))

    def __init__(self, *args, others_holding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not others_holding:
            del self.fields["end_open_parts"]


class ReopenForm(StaffForm):
    reason = forms.CharField(
        label=_("Why is it reopened?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentUploadForm(StaffForm):
    stage = forms.ChoiceField(
        choices=[("created", _("Incoming letter")), ("closed", _("Closing document"))],
        label=_("Kind"),
    )
    pdf = PdfField(label=_("PDF"))


class DocumentReplaceForm(StaffForm):
    pdf = PdfField(label=_("New version (PDF)"))


class DocumentRemoveForm(StaffForm):
    reason = forms.CharField(
        label=_("Why remove it?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The file is kept in the history; it no longer shows on the record."),
    )


class PasswordChangeForm(StaffForm):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    new_password_again = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return cleaned


class PreferencesForm(StaffForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Of your pages, mails and PDFs. Blank: your browser's."),
    )
    email_notifications = forms.BooleanField(
        label=_("Mail me when a letter is given to me, passed back, revoked, closed or reopened"),
        required=False,
    )
    daily_digest = forms.BooleanField(
        label=_("Mail me each morning what I hold and what of it is overdue"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *settings.LANGUAGES]


class SignupRequestForm(StaffForm):
    username = forms.CharField(
        max_length=150,
        label=_("Username"),
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    full_name = forms.CharField(max_length=200, label=_("Full name"))
    email = forms.EmailField(label=_("E-mail"), help_text=_("Your office e-mail address."))
    requested_role = forms.ChoiceField(label=_("Your role"), choices=())
    designation = forms.CharField(
        max_length=100,
        label=_("Designation"),
        help_text=_('As on your door, e.g. "SrAO", "AAO" or "Sr. Auditor".'),
    )
    subsection = forms.ModelChoiceField(queryset=None, required=False, label=_("Subsection"))
    password = forms.CharField(widget=forms.PasswordInput, label=_("Password"))
    password_again = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def __init__(self, *args, subsections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subsection"].queryset = subsections
        # The office's own titles, never the internal role codes; wider roles are given by an
        # administrator (rule 15).
        self.fields["requested_role"].choices = [(r, role_label(r)) for r in SIGNUP_ROLES]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned
