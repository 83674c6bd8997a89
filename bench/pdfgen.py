"""PDFs of an exact size, like a scanned letter: one page that shows an image, the image being
random (incompressible) bytes as in a JPEG scan. A correct cross-reference table, so the app's
strict parser accepts it."""

import os


def scan_like_pdf(size: int) -> bytes:
    """A one-page PDF of exactly ``size`` bytes (size must be at least a few kilobytes)."""
    skeleton = _build(0)
    image_bytes = size - len(skeleton)
    # The length field's own digits change the total: settle it in two passes.
    pdf = _build(image_bytes)
    pdf = _build(image_bytes - (len(pdf) - size))
    if len(pdf) != size:
        raise ValueError(f"could not make a PDF of {size} bytes")
    return pdf


def _build(image_bytes: int) -> bytes:
    image = os.urandom(max(image_bytes, 0))
    content = b"q 595 0 0 842 0 0 cm /Scan Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Scan 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"", content),
        _stream(
            b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 ",
            image,
        ),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
