"""PDFs made at test time by other tools than ours, as offices receive them: qpdf (AES-256
encryption with an owner password only or with a user password, linearized, object streams),
Ghostscript (an image-only scan re-distilled by pdfwrite, a Hindi text PDF), Pillow (a page of a
few pixels), and damaged copies
made by hand (startxref a few bytes off, CRLF line ends, no final %%EOF, cut off).

The tools are Debian packages: scripts/ci/ensure-pdf-tools installs them (make test-app runs it)."""

import io
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont

from mailtracker.demo.pdfs import letter_pdf

TOOLS = ("qpdf", "gs", "tesseract")
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEVANAGARI_FONT = Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf")
ENGLISH_SCAN_LINES = [
    "Office of the Accountant General",
    "Subject: revision of pension",
    "The arrears are sanctioned.",
]
# Words with vowel signs (matras), a virama conjunct (न्द, र्य, त्र) and an anusvara.
HINDI_SCAN_LINES = ["कार्यालय महालेखाकार", "विषय: पेंशन संशोधन", "हिन्दी में प्रशासनिक पत्र"]
HINDI_TEXT = "प्रशासनिक पत्र हिन्दी में। कार्यालय महालेखाकार, पेंशन संशोधन।"


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    fonts = [font for font in (LATIN_FONT, DEVANAGARI_FONT) if not font.exists()]
    if missing or fonts:
        raise RuntimeError(
            f"Missing {missing + [str(f) for f in fonts]}: run scripts/ci/ensure-pdf-tools "
            "(make test-app does)."
        )


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 — fixed tools


class Corpus:
    """Each property builds its PDF once per directory and returns its bytes."""

    def __init__(self, directory: Path):
        require_tools()
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        return self.dir / name

    @property
    def plain(self) -> bytes:
        path = self._path("plain.pdf")
        if not path.exists():
            path.write_bytes(letter_pdf(title="Letter", body="Please act.", pages=2))
        return path.read_bytes()

    def _qpdf(self, name: str, *arguments: str) -> bytes:
        path = self._path(name)
        if not path.exists():
            self.plain  # noqa: B018 — makes the source
            _run("qpdf", *arguments, str(self._path("plain.pdf")), str(path))
        return path.read_bytes()

    def aes256_owner_password_only(self) -> bytes:
        # Opens without a password, like "protected" scans: printing and copying restricted.
        return self._qpdf("aes-owner.pdf", "--encrypt", "", "owner-secret", "256", "--")

    def aes256_user_password(self) -> bytes:
        return self._qpdf("aes-user.pdf", "--encrypt", "user-secret", "owner-secret", "256", "--")

    def linearized(self) -> bytes:
        return self._qpdf("linearized.pdf", "--linearize")

    def object_streams(self) -> bytes:
        return self._qpdf("objstm.pdf", "--object-streams=generate")

    def uncompressed(self) -> bytes:
        return self._qpdf("uncompressed.pdf", "--stream-data=uncompress")

    def startxref_off(self) -> bytes:
        raw = self.plain
        start = raw.rindex(b"startxref") + len(b"startxref\n")
        end = raw.index(b"\n", start)
        return raw[:start] + str(int(raw[start:end]) + 3).encode() + raw[end:]

    def crlf_line_ends(self) -> bytes:
        # A text-mode transfer of a file whose streams are not compressed: every LF becomes
        # CRLF, so every offset in the cross-reference table is wrong.
        return self.uncompressed().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    def without_final_eof(self) -> bytes:
        raw = self.plain
        return raw[: raw.rindex(b"%%EOF")]

    def truncated(self) -> bytes:
        raw = self.english_scan()
        return raw[: len(raw) * 2 // 3]

    def english_scan(self) -> bytes:
        return self._scan("scan-en", ENGLISH_SCAN_LINES, LATIN_FONT, 40)

    def hindi_scan(self) -> bytes:
        return self._scan("scan-hi", HINDI_SCAN_LINES, DEVANAGARI_FONT, 48)

    def _scan(self, name: str, lines: list[str], font: Path, size: int) -> bytes:
        """An image-only page as a scanner makes it (a JPEG at 150 dpi), turned into a PDF by
        Ghostscript's pdfwrite (viewjpeg.ps)."""
        path = self._path(f"{name}.pdf")
        if not path.exists():
            jpeg = self._path(f"{name}.jpg")
            _page_image(lines, font, size).save(jpeg, "JPEG", quality=85, dpi=(150, 150))
            _run(
                "gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite",
                f"--permit-file-read={jpeg}", "-o", str(path), "viewjpeg.ps", "-c",
                f"({jpeg}) << /PageSize 2 index viewJPEGgetsize 2 array astore >> setpagedevice "
                "viewJPEG",
            )  # fmt: skip
        return path.read_bytes()

    def blur_then_english_scan(self) -> bytes:
        """A page whose only image has a few pixels over the whole page (0.6 dpi, as Pillow
        writes a 5 x 7 image at that resolution), then the English scan: a cover a scanner
        left nearly empty, or a placeholder image."""
        blur = io.BytesIO()
        Image.new("L", (5, 7), 200).save(blur, "PDF", resolution=0.6)
        with pikepdf.open(blur) as pdf, pikepdf.open(io.BytesIO(self.english_scan())) as scan:
            pdf.pages.extend(scan.pages)
            return _saved(pdf)

    def hindi_text(self) -> bytes:
        """A Hindi text PDF re-distilled by Ghostscript's pdfwrite: the source puts the
        characters in logical order with the Lohit font (fpdf2), Ghostscript writes the fonts
        and the ToUnicode maps its own way."""
        path = self._path("hindi-text.pdf")
        if not path.exists():
            from fpdf import FPDF

            source = FPDF(format="A4")
            source.add_page()
            source.add_font("Lohit", fname=str(DEVANAGARI_FONT))
            source.set_font("Lohit", size=16)
            source.multi_cell(0, 10, HINDI_TEXT)
            self._path("hindi-source.pdf").write_bytes(bytes(source.output()))
            _run(
                "gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", str(path),
                str(self._path("hindi-source.pdf")),
            )  # fmt: skip
        return path.read_bytes()

    def with_open_action_javascript(self, script: str = "app.alert('pdf-script-ran');") -> bytes:
        return self._with_root(OpenAction=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script))

    def with_launch_action(self) -> bytes:
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
        return self._with_root(OpenAction=launch)

    def with_embedded_file(self) -> bytes:
        with self._opened_plain() as pdf:
            pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello")
            return _saved(pdf)

    def with_xfa(self) -> bytes:
        with self._opened_plain() as pdf:
            stream = pikepdf.Stream(pdf, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
            pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=[], XFA=stream))
            return _saved(pdf)

    def _with_root(self, **entries) -> bytes:
        with self._opened_plain() as pdf:
            for key, value in entries.items():
                pdf.Root[f"/{key}"] = pdf.make_indirect(value)
            return _saved(pdf)

    def _opened_plain(self) -> pikepdf.Pdf:
        self.plain  # noqa: B018 — makes the source
        return pikepdf.open(self._path("plain.pdf"))


def _saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _page_image(lines: list[str], font_path: Path, size: int) -> Image.Image:
    """An A4 page at 150 dpi with the lines in black; Pillow shapes Devanagari with raqm."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path), size)
    for number, line in enumerate(lines):
        draw.text((120, 150 + number * int(size * 1.8)), line, font=font, fill=0)
    return image


@cache
def corpus_in(directory: str) -> Corpus:
    return Corpus(Path(directory))
