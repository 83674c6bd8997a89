"""What makes an upload an acceptable PDF: whatever a PDF viewer opens completely. qpdf (through
pikepdf) reads and, where needed, repairs the structure and decrypts owner-password-only files;
PDFium (the engine of Chromium's viewer, through pypdfium2) must then open the document and load
every page. Each failure is a ``PdfRejected`` with a message that says what is wrong and what to
do. The bytes are stored as uploaded: nothing here rewrites them."""

import hashlib
import io
import json
import logging
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mailtracker.attachments import page_loader
from mailtracker.attachments.active_content import active_content_of
from mailtracker.core.errors import Refused

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024
# Viewers (and both engines) look for the header in the first kilobyte, so a line a mail
# gateway put in front of it does not make a PDF unreadable.
HEADER_WINDOW = 1024
# PDFium loads the pages of an upload spooled to disk in a process of its own, and must be done
# well within gunicorn's 60 s request timeout.
PAGE_LOADER = [sys.executable, "-m", page_loader.__name__]
PAGE_LOAD_TIMEOUT_S = 30

NOT_A_PDF = _("This file is not a PDF (there is no %PDF- header at its start).")
ENCRYPTED_FOR_READERS = _(
    "This PDF needs a password to open. Remove the password and upload again."
)
CANNOT_OPEN = _(
    "This PDF is damaged and cannot be opened, not even by a repairing reader. "
    "Scan or export it again."
)
INCOMPLETE = _(
    "This PDF is incomplete: %(detail)s. It was probably cut off while being copied or sent; "
    "upload the complete file again."
)
NO_PAGES = _("This PDF has no pages.")


class PdfRejected(Refused):
    """The upload is not accepted; ``status`` is the HTTP status to answer with."""


@dataclass(frozen=True)
class PdfFacts:
    size: int
    sha256: str
    page_count: int
    active_content: list[str] = field(default_factory=list)


def max_pdf_bytes() -> int:
    return settings.MAX_PDF_SIZE_MB * 1024 * 1024


def check_size(size: int) -> None:
    if size > max_pdf_bytes():
        raise PdfRejected(
            _("The file is %(size).1f MB; PDFs may be at most %(limit)s MB.")
            % {"size": size / 1048576, "limit": settings.MAX_PDF_SIZE_MB},
            status=413,
        )


def inspect_pdf(stream: BinaryIO) -> PdfFacts:
    """Check the upload is a PDF a viewer opens completely, within the size limit; return its
    size, sha256, page count and the kinds of active content it carries."""
    stream.seek(0)
    if b"%PDF-" not in stream.read(HEADER_WINDOW):
        raise PdfRejected(NOT_A_PDF)
    size, sha256 = _measure(stream)
    check_size(size)
    source = _source(stream)
    with _opened_by_qpdf(source) as pdf:
        pages, declared = len(pdf.pages), int(pdf.Root.Pages.get("/Count", 0))
        active = active_content_of(pdf)
    if pages < 1:
        raise PdfRejected(NO_PAGES)
    loaded = _pages_pdfium_loads(source)
    if loaded < pages or declared > pages:
        whole = max(pages, declared)
        raise PdfRejected(
            INCOMPLETE
            % {
                "detail": _("only %(loaded)s of its %(whole)s pages load")
                % {"loaded": loaded, "whole": whole}
            }
        )
    return PdfFacts(size=size, sha256=sha256, page_count=pages, active_content=active)


def _measure(stream: BinaryIO) -> tuple[int, str]:
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return size, digest.hexdigest()


def _source(stream: BinaryIO):
    """A path both engines can open (uploads above 2 MB are spooled to a temporary file), or
    the bytes of a small upload held in memory."""
    path = getattr(stream, "temporary_file_path", None)
    if path:
        return path()
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    return data


@contextmanager
def _opened_by_qpdf(source):
    """The document as qpdf reads it (repairing what it can, decrypting with the empty user
    password of owner-password-only files)."""
    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except pikepdf.PasswordError:
        raise PdfRejected(ENCRYPTED_FOR_READERS) from None
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        logger.info("PDF refused by qpdf: %s", error)
        raise PdfRejected(CANNOT_OPEN) from None
    try:
        yield pdf
    except (pikepdf.PdfError, ValueError, RuntimeError, TypeError, KeyError) as error:
        logger.info("PDF structure unreadable: %s", error)
        raise PdfRejected(CANNOT_OPEN) from None
    finally:
        pdf.close()


def _pages_pdfium_loads(source) -> int:
    """How many pages PDFium loads: in this process for an upload already held in memory, in a
    process of its own for one spooled to disk (see page_loader)."""
    outcome = (
        page_loader.pages_loaded(source) if isinstance(source, bytes) else _loaded_apart(source)
    )
    if outcome.get("refused") == "password":
        raise PdfRejected(ENCRYPTED_FOR_READERS)
    if "refused" in outcome:
        logger.info("PDF refused by PDFium: %s", outcome.get("detail", outcome["refused"]))
        raise PdfRejected(INCOMPLETE % {"detail": _("a PDF viewer cannot open it")})
    return outcome["loaded"]


def _loaded_apart(path: str) -> dict:
    command = [*PAGE_LOADER, path]
    try:
        done = subprocess.run(  # noqa: S603 (our own module, run by our own interpreter)
            command, capture_output=True, text=True, timeout=PAGE_LOAD_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"refused": "slow", "detail": f"pages not loaded in {PAGE_LOAD_TIMEOUT_S} s"}
    if done.returncode != 0:
        # A crash of PDFium on this file (or a loader that could not start): the file is
        # refused like one no viewer opens, and the worker that asked lives on.
        logger.warning(
            "PDFium's page loader ended with status %s: %s", done.returncode, done.stderr[-500:]
        )
        return {"refused": "crashed", "detail": f"status {done.returncode}"}
    return json.loads(done.stdout)
