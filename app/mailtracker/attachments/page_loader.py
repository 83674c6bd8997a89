"""How many pages of a PDF PDFium loads (it parses each page's content as it loads it).

Validation runs this module in a short-lived process of its own for uploads spooled to disk,
``python -m mailtracker.attachments.page_loader PATH``, which prints the outcome as one line of
JSON: loading a page reads its image stream whole (50 MB for a 50 MB one-page scan), memory a
gunicorn worker once took it keeps until it is recycled, and a crash of PDFium on a hostile
file ends this process instead of the worker. It imports nothing of Django, so it starts fast.
"""

import json
import sys

import pypdfium2 as pdfium

PASSWORD_ERROR = 4


def pages_loaded(source: str | bytes) -> dict:
    """``{"loaded": n}``, or ``{"refused": "password" | "unopenable", "detail": ...}``."""
    try:
        document = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as error:
        reason = "password" if getattr(error, "err_code", None) == PASSWORD_ERROR else "unopenable"
        return {"refused": reason, "detail": str(error)}
    loaded = 0
    try:
        for index in range(len(document)):
            try:
                document[index].close()
            except pdfium.PdfiumError:
                break
            loaded += 1
    finally:
        document.close()
    return {"loaded": loaded}


if __name__ == "__main__":
    print(json.dumps(pages_loaded(sys.argv[1])))
