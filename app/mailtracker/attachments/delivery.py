"""The one way a stored file leaves the application: a PDF or a document's thumbnail. Behind
nginx the response is empty and carries ``X-Accel-Redirect`` so nginx streams the file from its
internal location (with Range support); in development (PDF_DELIVERY=stream) Django streams the
file itself.

A document with active content is shown inline from its inert copy (scripts stripped, see
``active_content``); its own bytes leave only as a download. Both kinds of response carry a
Content-Security-Policy that sandboxes them (no script, no form, no plugin of the page itself
runs): nginx adds the same header on its internal location, as X-Accel-Redirect drops the
app's."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from mailtracker.attachments import storage
from mailtracker.attachments.models import PdfAttachment

# A stored document (PDF or thumbnail) may load nothing, runs sandboxed (no script, no form,
# no navigation of its own) and may be framed only by the app's own record page. Behind nginx
# the file leaves through X-Accel-Redirect, which drops this header: nginx's internal location
# sends the same policy (roles/mailtracker, mailtracker_nginx_document_headers).
DOCUMENT_CSP = (
    "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
)


def pdf_response(attachment: PdfAttachment, *, as_download: bool = False) -> HttpResponse:
    # Downloads are the bytes as uploaded; inline, a document with active content is its copy.
    inert = attachment.active_content and not as_download
    name = attachment.inert_file_name if inert else attachment.file_name
    response = _file_response(name, "application/pdf")
    # Django builds an RFC 6266 header: an ASCII fallback plus filename*=UTF-8'' for the rest,
    # with quotes, CR and LF in the user's file name escaped so no header can be injected.
    response["Content-Disposition"] = content_disposition_header(
        as_download, _download_name(attachment.original_name)
    )
    return response


def thumbnail_response(attachment: PdfAttachment) -> HttpResponse:
    if not attachment.has_thumbnail or attachment.purged_at:
        raise Http404("No thumbnail yet.")
    return _file_response(attachment.thumbnail_file_name, "image/png")


def _file_response(name: str, content_type: str) -> HttpResponse:
    if settings.PDF_DELIVERY == "stream":
        response = FileResponse(storage.pdf_path(name).open("rb"), content_type=content_type)
    else:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PDF_INTERNAL_PREFIX + name
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    # The record page shows the PDF in a same-origin frame; every other page stays DENY.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _download_name(name: str) -> str:
    """The uploader's name, made safe to save: control characters never belong in a header,
    whatever the encoding does with them, and the name always ends in ``.pdf``, so a PDF
    uploaded as ``x.html`` is never saved as a web page and opened by the browser."""
    cleaned = "".join(ch for ch in name if ch.isprintable()).strip()
    if not cleaned:
        return "document.pdf"
    return cleaned if cleaned.lower().endswith(".pdf") else f"{cleaned}.pdf"
