"""Forms of the staff UI. They only parse input; every rule about who may do what, and every
check of a PDF's content, stays in the services, whose messages are shown beside the fields."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from mailtracker.accounts.roles import Role, role_label
from mailtracker.attachments.validation import PdfRejected
from mailtracker.org.models import Subsection

User = get_user_model()
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
        if isinstance(error, PdfRejected):
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
        self.help_text = f"A PDF of at most {limit} MB. Drop it here or choose a file."
        self.widget.attrs.update(
            {
                "accept": PDF_ACCEPT,
                "data-max-bytes": str(limit * 1024 * 1024),
                "data-max-mb": str(limit),
            }
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def person_label(user) -> str:
    place = f", {user.subsection.name}" if user.subsection_id else ""
    return f"{user.display_name} ({user.role_label}{place})"


def active_people():
    return (
        User.objects.filter(is_active=True)
        .select_related("subsection")
        .order_by("first_name", "last_name", "username")
    )


class RecordCreateForm(StaffForm):
    subsection = forms.ModelChoiceField(queryset=Subsection.objects.none(), empty_label=None)
    letter_number = forms.CharField(max_length=100, label="Letter number")
    letter_date = forms.DateField(widget=DateInput, label="Date on the letter")
    received_date = forms.DateField(widget=DateInput, label="Date received")
    from_office = forms.CharField(max_length=200, label="From (office or sender)")
    subject = forms.CharField(max_length=500)
    action_required = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    initial_instructions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(widget=DateInput, required=False, label="Due date")
    monitoring_officer = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="No monitoring officer"
    )
    pdf = PdfField(required=False, label="Scanned letter (PDF)")

    def __init__(self, *args, subsections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subsection"].queryset = subsections
        self.fields["subsection"].label_from_instance = str
        self.fields["monitoring_officer"].queryset = active_people()
        self.fields["received_date"].initial = timezone.localdate


class AssignForm(StaffForm):
    assignees = PeopleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Assign to",
        help_text="Choose one or several people; each gets their own assignment.",
    )
    instructions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = active_people()


class ReassignForm(StaffForm):
    assignee = PersonChoiceField(queryset=User.objects.none(), label="Pass on to")
    instructions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_people()


class RemarkForm(StaffForm):
    text = forms.CharField(label="Remark", widget=forms.Textarea(attrs={"rows": 2}))


class ActionUpdateForm(StaffForm):
    action_status = forms.CharField(max_length=200, label="Current action")
    remarks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StaffForm):
    remarks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    completion_date = forms.DateField(widget=DateInput, required=False, label="Completion date")
    pdf = PdfField(required=False, label="Closing document (PDF), e.g. the reply sent")


class ReopenForm(StaffForm):
    reason = forms.CharField(label="Why is it reopened?", widget=forms.Textarea(attrs={"rows": 2}))


class DocumentUploadForm(StaffForm):
    stage = forms.ChoiceField(
        choices=[("created", "Incoming letter"), ("closed", "Closing document")], label="Kind"
    )
    pdf = PdfField(label="PDF")


class PasswordChangeForm(StaffForm):
    old_password = forms.CharField(label="Current password", widget=forms.PasswordInput)
    new_password = forms.CharField(label="New password", widget=forms.PasswordInput)
    new_password_again = forms.CharField(label="New password again", widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", "The two new passwords differ.")
        return cleaned


class SignupRequestForm(StaffForm):
    username = forms.CharField(max_length=150)
    full_name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField()
    requested_role = forms.ChoiceField(label="Your role", choices=())
    subsection = forms.ModelChoiceField(
        queryset=Subsection.objects.select_related("section"), required=False
    )
    password = forms.CharField(widget=forms.PasswordInput)
    password_again = forms.CharField(label="Password again", widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The office's own titles, never the internal role codes.
        self.fields["requested_role"].choices = [(role, role_label(role)) for role in Role.values]
        self.fields["requested_role"].initial = Role.CLERK

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned
