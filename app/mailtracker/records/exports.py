"""The filtered register as CSV (for spreadsheets) and as a printable PDF table, with the date,
the filters in words, and page numbers."""

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mailtracker.core.pdf import render_pdf

MAX_ROWS = 10_000  # an export is a report, not a backup; the cap keeps a worker's memory bounded
COLUMNS = [
    (gettext_lazy("Serial"), lambda r: r.serial),
    (gettext_lazy("Received"), lambda r: r.received_date.isoformat()),
    (gettext_lazy("Letter no."), lambda r: r.letter_number),
    (gettext_lazy("From"), lambda r: r.from_office),
    (gettext_lazy("Subject"), lambda r: r.subject),
    (gettext_lazy("Status"), lambda r: r.status_label),
    (gettext_lazy("Held by"), lambda r: holders_text(r)),
    (gettext_lazy("Due"), lambda r: r.due_date.isoformat() if r.due_date else ""),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def holders_text(record) -> str:
    """Rule 5: every holder with the date they got it; nobody once closed."""
    return "; ".join(
        _("%(name)s (%(title)s) since %(date)s")
        % {
            "name": a.assignee.display_name,
            "title": a.assignee.title,
            "date": f"{timezone.localtime(a.assigned_at):%Y-%m-%d}",
        }
        for a in record.holding
    )


def cell_for_spreadsheet(value: str) -> str:
    """A sender or subject starting with = must not run as a formula when the CSV is opened."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell_for_spreadsheet(str(value)) for value in row])
    # A BOM makes spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def records_csv(records, described: str = "") -> bytes:
    header = [*(str(title) for title, _value in COLUMNS), _("Overdue")]
    rows = (
        [*(value(record) for _title, value in COLUMNS), _("yes") if record.is_overdue else _("no")]
        for record in records
    )
    return csv_bytes([header, *rows])


def records_pdf(records, described: str = "") -> bytes:
    rows = [([value(record) for _title, value in COLUMNS], record.is_overdue) for record in records]
    return render_pdf(
        "records/register_pdf.html",
        {
            "title": _("Mail register"),
            "described": described,
            "columns": [title for title, _value in COLUMNS],
            "rows": rows,
            "capped": len(rows) >= MAX_ROWS,
            "max_rows": MAX_ROWS,
        },
    )


def describe_filters(form) -> str:
    """The filters of a register list in words, as its form labels them: "Status: Assigned;
    Overdue: Overdue only; Search: pension". Nothing chosen: every record one may see."""
    if not form.is_valid():
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], False) or name == "sort":
            continue
        field = form.fields[name]
        parts.append(f"{field.label}: {_shown(field, value)}")
    return "; ".join(parts) or _("Every record you may see")


def _shown(field, value) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    values = value if isinstance(value, list | tuple) else [value]
    shown = []
    for item in values:
        if hasattr(item, "isoformat"):
            shown.append(date_format(item, "j F Y"))
        elif item is True:
            shown.append(_("yes"))
        else:
            shown.append(str(choices.get(item, choices.get(str(item), item))))
    return ", ".join(shown)
