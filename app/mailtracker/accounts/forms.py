from django import forms


class CsvImportForm(forms.Form):
    file = forms.FileField(
        help_text="Columns: username, full_name, email, role, section, subsection, password."
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file must be UTF-8 encoded CSV.") from None
        return cleaned
