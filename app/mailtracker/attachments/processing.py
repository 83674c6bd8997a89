"""The work done on a stored document outside the request: a first-page thumbnail, and the text
of every page — its text layer where it has one, else what OCRmyPDF (Tesseract) reads on it.
Pure functions of the file: ``attachments.services`` stores what they return."""

import io
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from django.conf import settings

logger = logging.getLogger(__name__)
THUMBNAIL_WIDTH = 240
# A page whose text layer has fewer word characters than this is a scan (at most a page number
# or a stamp in text): it is read by OCR instead.
MIN_TEXT_LAYER_CHARS = 20
TEXT_LAYER, OCR = "text_layer", "ocr"
# OCRmyPDF rasterizes a page at the resolution of its images: a page whose image has a few
# pixels over the whole page (0.6 dpi) made Ghostscript fail ("rangecheck in setscreen"), and
# the text of every page with it. Below this, a page is rasterized at this; scans (150-300 dpi)
# keep their own.
MIN_OCR_DPI = 150


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    source: str


def thumbnail_png(path: Path) -> bytes:
    """The first page, THUMBNAIL_WIDTH pixels wide, as PNG."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        scale = THUMBNAIL_WIDTH / page.get_width()
        image = page.render(scale=scale, may_draw_forms=False).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


def page_texts(path: Path) -> list[PageText]:
    """The text of every page, in page order."""
    layers = _text_layers(path)
    scanned = [number for number, text in layers.items() if not _has_text(text)]
    read = ocr_pages(path, scanned) if scanned else {}
    return [
        PageText(number, read[number], OCR)
        if number in read
        else PageText(number, text, TEXT_LAYER)
        for number, text in layers.items()
    ]


def _text_layers(path: Path) -> dict[int, str]:
    document = pdfium.PdfDocument(path)
    try:
        texts = {}
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts[index + 1] = textpage.get_text_bounded().replace("\r\n", "\n")
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _has_text(text: str) -> bool:
    return sum(char.isalnum() for char in text) >= MIN_TEXT_LAYER_CHARS


def ocr_pages(path: Path, numbers: list[int]) -> dict[int, str]:
    """OCR of the given pages (1-based) with OCRmyPDF, in the languages of OCR_LANGUAGES. The
    pages are first copied into a plain PDF by qpdf, which also decrypts owner-password-only
    files (OCRmyPDF refuses encrypted input) and writes a repaired structure."""
    import ocrmypdf  # imported here: the web processes never OCR, so they never load it

    with tempfile.TemporaryDirectory(prefix="mailtracker-ocr-") as scratch:
        scratch = Path(scratch)
        with pikepdf.open(path) as pdf, pikepdf.new() as pages:
            for number in numbers:
                pages.pages.append(pdf.pages[number - 1])
            pages.save(scratch / "in.pdf")
        ocrmypdf.ocr(
            scratch / "in.pdf",
            scratch / "out.pdf",
            language=settings.OCR_LANGUAGES,
            sidecar=scratch / "text.txt",
            output_type="pdf",
            force_ocr=True,
            oversample=MIN_OCR_DPI,
            optimize=0,
            jobs=settings.OCR_JOBS,
            use_threads=True,
            progress_bar=False,
            tesseract_timeout=settings.OCR_PAGE_TIMEOUT_SECONDS,
        )
        # The sidecar separates pages with a form feed.
        read = (scratch / "text.txt").read_text(encoding="utf-8").split("\f")
    return {
        number: read[index].strip() if index < len(read) else ""
        for index, number in enumerate(numbers)
    }
