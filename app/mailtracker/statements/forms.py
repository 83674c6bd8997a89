from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailtracker.statements.selectors import Period

LONGEST_PERIOD = timedelta(days=366)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The statement's period: this month so far unless chosen."""

    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        defaults = {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}
        merged = {**defaults, **{k: v for k, v in (data or {}).items() if k in defaults and v}}
        super().__init__(merged, **kwargs)
        for field in self.fields.values():
            field.template_name = "web/forms/field.html"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        elif start and end and end - start > LONGEST_PERIOD:
            self.add_error("end", _("A statement covers at most a year."))
        return cleaned

    @property
    def period(self) -> Period:
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
