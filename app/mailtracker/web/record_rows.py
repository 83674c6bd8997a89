"""The rows of the register's table (the register and the dashboard's queues) and a record's
holders, written in Python rather than in templates.

Django's templates spent ~0.5 ms a row on them (each variable a dictionary, attribute and index
lookup, each include a new context), and ``format_html`` still ~0.3 ms (Django's ``escape``
checks every argument for lazy strings). Here the words are translated once per table, and
every value written into the markup goes through ``_e`` (the standard library's
``html.escape``, which Django's own ``escape`` calls) unless it is markup built here or by
``staff_ui``: only then is it ``SafeString``. The markup is the one the templates wrote
(test_register_list checks the escaping). At a million records a register page's median went
from 48.8 to 44.2 ms (bench/analysis.md)."""

from html import escape

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from mailtracker.records.models import Status
from mailtracker.web.templatetags.staff_ui import (
    due_phrase,
    iso,
    person,
    status_badge,
    time_in_stage,
)

DAY = "j M Y"


def table_rows(records, labels: dict[str, str]) -> SafeString:
    """``<tr>`` of each record; ``labels`` are the columns' headings, repeated on each cell for
    narrow screens (``data-label``)."""
    words = _Words(labels)
    return SafeString("".join(_row(record, words) for record in records))


def holders(record, words: "_Words | None" = None) -> SafeString:
    """Rule 5's "Held by": each holder since when, or why nobody holds the record."""
    words = words or _Words({})
    if record.holding:
        return SafeString(", ".join(
            f'<span class="holder">{person(h.assignee)} <small class="since">{words.since} '
            f'<time datetime="{_iso(h.assigned_at)}">{_day(h.assigned_at)}</time></small></span>'
            for h in record.holding
        ))  # fmt: skip
    if record.status == Status.CLOSED:
        return SafeString(words.nobody_closed)
    return SafeString(f'<span class="nobody">{words.nobody_open}</span>')


class _Words:
    """What every row says, translated and escaped once per table."""

    def __init__(self, labels: dict[str, str]):
        self.labels = {key: _e(label) for key, label in labels.items()}
        self.since = _e(gettext("since"))
        self.nobody_closed = _e(gettext("nobody (closed)"))
        self.nobody_open = _e(gettext("nobody — to assign"))
        self.pdf_attached = _e(gettext("Scanned PDF attached"))
        self.pdf_label = _e(gettext("PDF attached"))
        self.no_pdf = _e(gettext("No PDF"))


def _row(record, words: _Words) -> str:
    label = words.labels
    overdue = record.is_overdue
    return (
        ('<tr class="is-overdue">' if overdue else "<tr>") +
        f'<td data-label="{label["serial"]}">'
        f'<a href="{_detail_url(record)}">{_e(record.serial)}</a></td>'
        f'<td data-label="{label["subject"]}">'
        f"{_e(record.subject)}{_text_match(record.text_match)}</td>"
        f'<td data-label="{label["from"]}">{_e(record.from_office)}</td>'
        f'<td data-label="{label["status"]}">{status_badge(record)}</td>'
        f'<td data-label="{label["held_by"]}">{holders(record, words)}</td>'
        f'<td data-label="{label["in_stage"]}"><time datetime="{_iso(record.stage_since)}">'
        f"{_e(time_in_stage(record.stage_since))}</time></td>"
        f'<td data-label="{label["due"]}" class="due">{_due(record, overdue)}</td>'
        f'<td data-label="PDF">{_document(record, words)}</td>'
        "</tr>\n"
    )  # fmt: skip


def _detail_url(record) -> str:
    return _e(reverse("web:record-detail", args=[record.pk]))


def _text_match(match) -> str:
    if not match:
        return ""
    # What {% blocktranslate %} did: the translation as written, the values escaped.
    where = gettext("In %(name)s, page %(page)s:") % {
        "name": _e(match.document_name), "page": _e(match.page)
    }  # fmt: skip
    return (
        f'<br><small class="text-match">{where} {_e(match.before)}<mark>{_e(match.found)}</mark>'
        f"{_e(match.after)}</small>"
    )


def _due(record, overdue: bool) -> str:
    if not record.due_date:
        return "—"
    due = f'<time datetime="{_iso(record.due_date)}">{_day(record.due_date)}</time>'
    phrase = due_phrase(record)
    if not phrase:
        return due
    late = " late" if overdue else ""
    return f'{due}<br><small class="due-phrase{late}">{_e(phrase)}</small>'


def _document(record, words: _Words) -> str:
    if record.shown_thumbnail:
        image = reverse("web:record-document-thumbnail", args=[record.pk, record.shown_document])
        alt = gettext("First page of the scanned letter of %(serial)s") % {"serial": record.serial}
        return (
            f'<a href="{_detail_url(record)}#documents-title"><img class="thumbnail" '
            f'src="{_e(image)}" alt="{_e(alt)}" width="60" loading="lazy"></a>'
        )
    if record.has_pdf:
        return (
            f'<span class="pdf-icon" title="{words.pdf_attached}" role="img" '
            f'aria-label="{words.pdf_label}">PDF</span>'
        )
    return f'<span class="visually-hidden">{words.no_pdf}</span>'


def _e(value) -> str:
    return escape(str(value))


def _iso(value) -> str:
    """The ``iso`` filter as a template applies it (in the local zone)."""
    return iso(template_localtime(value))


def _day(value) -> str:
    return _e(date_format(template_localtime(value), DAY))
