"""The statement as CSV and as PDF: the same rows as the page, with the period and the scope
described, dated file names."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mailtracker.core.pdf import render_pdf
from mailtracker.records.exports import csv_bytes
from mailtracker.statements.selectors import Row, Statement


def headings() -> list[str]:
    return [
        _("Received"),
        _("Disposed"),
        _("Pending"),
        _("of which overdue"),
        _("Hops"),
        _("Average days per hop"),
        _("Longest days per hop"),
    ]


def figures(row: Row) -> list[str]:
    return [
        str(row.received),
        str(row.disposed),
        str(row.pending),
        str(row.overdue),
        str(row.hops),
        _days(row.average_days),
        _days(row.longest_days),
    ]


def _days(days: float | None) -> str:
    return "" if days is None else f"{days:.1f}"


def describe(statement: Statement, user) -> str:
    period = statement.period
    return _(
        "From %(start)s to %(end)s (pending and overdue as of %(as_of)s); the records "
        "%(name)s may see."
    ) % {
        "start": date_format(period.start, "j F Y"),
        "end": date_format(period.end, "j F Y"),
        "as_of": date_format(period.as_of, "j F Y"),
        "name": user.display_name,
    }


def statement_csv(statement: Statement, user) -> bytes:
    rows = [[describe(statement, user)], [_("By section"), *headings()]]
    rows += [[row.name, *figures(row)] for row in statement.by_section]
    rows.append([_("Total"), *figures(statement.section_total)])
    rows += [[], [_("By officer"), _("Designation"), *headings()]]
    rows += [[row.name, row.detail, *figures(row)] for row in statement.by_officer]
    rows.append([_("Total"), "", *figures(statement.officer_total)])
    return csv_bytes(rows)


def statement_pdf(statement: Statement, user) -> bytes:
    return render_pdf(
        "statements/statement_pdf.html",
        {
            "title": _("Pendency statement"),
            "described": describe(statement, user),
            "statement": statement,
            "headings": headings(),
            "sections": [(row, figures(row)) for row in statement.by_section],
            "section_total": figures(statement.section_total),
            "officers": [(row, figures(row)) for row in statement.by_officer],
            "officer_total": figures(statement.officer_total),
        },
    )


def file_stem(statement: Statement) -> str:
    period = statement.period
    return f"pendency-statement-{period.start.isoformat()}-to-{period.end.isoformat()}"
