from django import forms
from django.core.exceptions import ValidationError

from mailtracker.accounts.services import USER_COLUMNS
from mailtracker.core.tabular import kind_of, read_rows


class UsersImportForm(forms.Form):
    file = forms.FileField(
        help_text=(
            "CSV or JSON. Columns: username, full_name, email, role, designation, section, "
            "subsection, managed_sections, audited_subsections, password."
        )
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            try:
                text = upload.read().decode("utf-8-sig")
                cleaned["rows"] = read_rows(text, kind=kind_of(upload.name), required=USER_COLUMNS)
            except UnicodeDecodeError:
                raise forms.ValidationError("The file must be UTF-8 encoded.") from None
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned
