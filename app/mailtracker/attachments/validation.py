"""What makes an upload an acceptable PDF: within the size limit, starting with ``%PDF-`` and
parseable by pypdf. Each failure is a ``PdfRejected`` carrying a message for the user."""

import hashlib
import logging
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from mailtracker.core.errors import Refused

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


class PdfRejected(Refused):
    """The upload is not accepted; ``status`` is the HTTP status to answer with."""


@dataclass(frozen=True)
class PdfFacts:
    size: int
    sha256: str
    page_count: int


def max_pdf_bytes() -> int:
    return settings.MAX_PDF_SIZE_MB * 1024 * 1024


def check_size(size: int) -> None:
    if size > max_pdf_bytes():
        raise PdfRejected(
            f"The file is {size / 1048576:.1f} MB; PDFs may be at most "
            f"{settings.MAX_PDF_SIZE_MB} MB.",
            status=413,
        )


def inspect_pdf(stream: BinaryIO) -> PdfFacts:
    """Check the stream is a PDF within the limit and return its size, sha256 and page count."""
    stream.seek(0)
    if stream.read(5) != b"%PDF-":
        raise PdfRejected("This file is not a PDF (it does not start with %PDF-).")
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    check_size(size)
    stream.seek(0)
    return PdfFacts(size=size, sha256=digest.hexdigest(), page_count=_count_pages(stream))


def _count_pages(stream: BinaryIO) -> int:
    try:
        # strict=True: a damaged or truncated file is refused, not silently repaired.
        pages = len(PdfReader(stream, strict=True).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        logger.info("PDF rejected by the parser: %s", error)
        raise PdfRejected("This PDF is damaged or incomplete and cannot be read.") from None
    if pages < 1:
        raise PdfRejected("This PDF has no pages.")
    return pages
