"""The one way a PDF leaves the application. Behind nginx the response is empty and carries
``X-Accel-Redirect`` so nginx streams the file from its internal location (with Range support);
in development (PDF_DELIVERY=stream) Django streams the file itself."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from mailtracker.attachments import storage
from mailtracker.attachments.models import PdfAttachment

# A PDF may load nothing and be framed only by the app's own record page. Behind nginx the PDF
# leaves through X-Accel-Redirect, which drops this header: nginx's internal location sends the
# same policy (roles/mailtracker, mailtracker_nginx_security_headers).
PDF_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'self'"


def pdf_response(attachment: PdfAttachment, *, as_download: bool = False) -> HttpResponse:
    if settings.PDF_DELIVERY == "stream":
        response = FileResponse(
            storage.pdf_path(attachment.file_name).open("rb"), content_type="application/pdf"
        )
    else:
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = settings.PDF_INTERNAL_PREFIX + attachment.file_name
    # Django builds an RFC 6266 header: an ASCII fallback plus filename*=UTF-8'' for the rest,
    # with quotes, CR and LF in the user's file name escaped so no header can be injected.
    response["Content-Disposition"] = content_disposition_header(
        as_download, _download_name(attachment.original_name)
    )
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["X-Content-Type-Options"] = "nosniff"
    # The record page shows the PDF in a same-origin frame; every other page stays DENY.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Content-Security-Policy"] = PDF_CONTENT_SECURITY_POLICY
    return response


def _download_name(name: str) -> str:
    """The uploader's name, made safe to save: control characters never belong in a header,
    whatever the encoding does with them, and the name always ends in ``.pdf``, so a PDF
    uploaded as ``x.html`` is never saved as a web page and opened by the browser."""
    cleaned = "".join(ch for ch in name if ch.isprintable()).strip()
    if not cleaned:
        return "document.pdf"
    return cleaned if cleaned.lower().endswith(".pdf") else f"{cleaned}.pdf"
