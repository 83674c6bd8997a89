"""PDF documents (the register's export, the statements) rendered from HTML by WeasyPrint:
Pango and HarfBuzz shape the text, so Hindi's conjuncts and vowel signs come out as written,
with the distribution's Noto fonts (fonts-noto-core). Every page carries the title, when it was
made, what it lists, and "Page N of M"; file names carry the date."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class NothingFetched(ValueError):
    pass


def _refuse_fetch(url: str, *args, **kwargs):
    """The documents are self-contained: nothing (no image, font or stylesheet named in a
    subject line) is ever fetched while rendering."""
    raise NothingFetched(f"not fetched: {url[:80]}")


def page_counter_css() -> str:
    """ "Page N of M" in the active language, as the CSS content of a page margin box."""
    pattern = _("Page %(page)s of %(pages)s")
    parts = []
    for chunk in (
        pattern.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0")
    ):
        if chunk in {"page", "pages"}:
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # loads Pango: only the processes that make PDFs pay for it

    context = {
        **context,
        "made_at": date_format(timezone.localtime(), "j F Y, H:i"),
        "page_counter": page_counter_css(),
    }
    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def dated_name(stem: str, extension: str) -> str:
    """mail-register-2026-03-21.pdf: a download says when it was made."""
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"
