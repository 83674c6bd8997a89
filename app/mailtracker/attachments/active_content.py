"""Active content in a PDF: JavaScript, launch actions, embedded files and XFA forms. Found with
qpdf (pikepdf) at intake, shown on the record, and stripped from the copy the app shows inline.

Why a stripped copy: Chromium's PDF viewer runs a document's JavaScript even when the response
carries ``Content-Security-Policy: sandbox`` or ``script-src 'none'`` (the viewer is not the
page, so the page's policy does not reach it), and a sandboxed frame does not show PDFs at all.
So the bytes the browser gets must not contain the scripts in the first place."""

import io

import pikepdf
from django.utils.translation import gettext_lazy as _

JAVASCRIPT, LAUNCH, EMBEDDED_FILES, XFA = "javascript", "launch", "embedded_files", "xfa"
LABELS = {
    JAVASCRIPT: _("JavaScript"),
    LAUNCH: _("launch actions (open other programs or files)"),
    EMBEDDED_FILES: _("embedded files"),
    XFA: _("an XFA form"),
}
# Actions a viewer may run by itself or on a click that reach beyond the document; GoTo, URI and
# Named actions (page navigation, links) stay.
UNSAFE_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": JAVASCRIPT,
    "/ImportData": JAVASCRIPT,
    "/RichMediaExecute": JAVASCRIPT,
    "/Rendition": JAVASCRIPT,
    "/GoToE": EMBEDDED_FILES,
}
MAX_DEPTH = 24


def active_content_of(pdf: pikepdf.Pdf) -> list[str]:
    """The kinds of active content in the document, sorted (empty: none)."""
    found: set[str] = set()
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            found.add(JAVASCRIPT)
        if "/EmbeddedFiles" in names:
            found.add(EMBEDDED_FILES)
    for obj in pdf.objects:
        _visit(obj, found, strip=False, depth=0)
    return sorted(found)


def inert_copy(source) -> bytes:
    """A copy of the document without any active content, for showing it inline. ``source``
    is a path or a readable stream."""
    with pikepdf.open(source) as pdf:
        names = pdf.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
        for obj in list(pdf.objects):
            _visit(obj, set(), strip=True, depth=0)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def _visit(obj, found: set[str], *, strip: bool, depth: int) -> None:
    """Look at one dictionary (or stream dictionary, or array) and its direct children; indirect
    children are visited on their own as members of ``pdf.objects``."""
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if _is_direct_container(item):
                _visit(item, found, strip=strip, depth=depth + 1)
        return
    if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        return
    _classify(obj, found, strip=strip)
    for key in list(obj.keys()):
        value = obj.get(key)
        if strip and _is_unsafe_action(value):
            del obj[key]
        elif _is_direct_container(value):
            _visit(value, found, strip=strip, depth=depth + 1)


def _classify(obj, found: set[str], *, strip: bool) -> None:
    kind = UNSAFE_ACTIONS.get(str(obj.get("/S", "")))
    if kind:
        found.add(kind)
    if "/JS" in obj:
        found.add(JAVASCRIPT)
    if "/XFA" in obj:
        found.add(XFA)
    if "/EF" in obj or str(obj.get("/Subtype", "")) == "/FileAttachment":
        found.add(EMBEDDED_FILES)
    if str(obj.get("/Type", "")) == "/EmbeddedFile":
        found.add(EMBEDDED_FILES)
    if not strip:
        return
    # Additional actions (/AA) fire on events (page open, focus, keystroke): all go.
    for key in ("/AA", "/JS", "/XFA", "/EF"):
        if key in obj:
            del obj[key]
    if str(obj.get("/Subtype", "")) == "/FileAttachment" and "/FS" in obj:
        del obj["/FS"]


def _is_unsafe_action(value) -> bool:
    return isinstance(value, pikepdf.Dictionary) and str(value.get("/S", "")) in UNSAFE_ACTIONS


def _is_direct_container(value) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect


def describe(kinds: list[str]) -> str:
    return ", ".join(str(LABELS.get(kind, kind)) for kind in kinds)
