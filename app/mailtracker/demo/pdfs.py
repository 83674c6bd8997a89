"""Small real PDFs for demo data and tests, made with fpdf2."""

from fpdf import FPDF


def letter_pdf(*, title: str, body: str, pages: int = 1) -> bytes:
    pdf = FPDF(format="A4")
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(0, 12, title[:80])
        pdf.ln(16)
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, f"{body}\n\nPage {page} of {pages}")
    return bytes(pdf.output())
