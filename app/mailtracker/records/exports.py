"""The filtered register as CSV (for spreadsheets) and as a printable PDF table."""

import csv
import io

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

MAX_ROWS = 10_000  # an export is a report, not a backup; the cap keeps a worker's memory bounded
COLUMNS = [
    ("Serial", lambda r: r.serial, 22),
    ("Received", lambda r: r.received_date.isoformat(), 22),
    ("Letter no.", lambda r: r.letter_number, 30),
    ("From", lambda r: r.from_office, 45),
    ("Subject", lambda r: r.subject, 70),
    ("Status", lambda r: r.get_status_display(), 22),
    ("Held by", lambda r: holders_text(r), 45),
    ("Due", lambda r: r.due_date.isoformat() if r.due_date else "", 22),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def holders_text(record) -> str:
    """Rule 5: every holder with the date they got it; nobody once closed."""
    return "; ".join(
        f"{a.assignee.display_name} ({a.assignee.title}) "
        f"since {timezone.localtime(a.assigned_at):%Y-%m-%d}"
        for a in record.holding
    )


def _cell_for_spreadsheet(value: str) -> str:
    """A sender or subject starting with = must not run as a formula when the CSV is opened."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def records_csv(records) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*(title for title, _, _ in COLUMNS), "Overdue"])
    for record in records:
        cells = [_cell_for_spreadsheet(str(value(record))) for _, value, _ in COLUMNS]
        writer.writerow([*cells, "yes" if record.is_overdue else "no"])
    # A BOM makes spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def records_pdf(records) -> bytes:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Mail register", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=8)
    with pdf.table(col_widths=[width for _, _, width in COLUMNS], text_align="LEFT") as table:
        table.row([title for title, _, _ in COLUMNS])
        for record in records:
            table.row([_latin1(str(value(record))) for _, value, _ in COLUMNS])
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    """The core PDF fonts cover Latin-1; other characters print as '?' instead of failing."""
    return text.encode("latin-1", "replace").decode("latin-1")
