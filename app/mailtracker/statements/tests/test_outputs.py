"""The statement as a page, CSV, PDF and JSON, scoped, with dated file names."""

import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone

from mailtracker.statements.tests.test_statement import march  # noqa: F401 — the fixture

QUERY = "?start=2026-03-01&end=2026-03-31"


def poppler(tool: str, *args) -> str:
    """Run a poppler-utils tool (scripts/ci/ensure-pdf-tools installs them) on a PDF."""
    path = shutil.which(tool)
    assert path, f"{tool} missing: poppler-utils (scripts/ci/ensure-pdf-tools)"
    return subprocess.run([path, *args], capture_output=True, text=True, check=True).stdout


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return poppler("pdftotext", "-layout", str(path), "-")


def test_the_page_shows_each_section_with_its_figures(march, browser_as):  # noqa: F811
    page = browser_as(march.head).get(f"/statement/{QUERY}").content.decode()
    assert "Pendency statement" in page
    assert '<th scope="row">Administration</th><td class="number">1</td>' in page


def test_the_page_refuses_a_period_that_ends_before_it_starts(world, browser_as):
    response = browser_as(world.head).get("/statement/?start=2026-03-31&end=2026-03-01")
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()


def test_the_csv_has_the_rows_and_a_dated_name(march, browser_as):  # noqa: F811
    response = browser_as(march.head).get(f"/statement/csv/{QUERY}")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="pendency-statement-2026-03-01-to-2026-03-31-{today}.csv"'
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert "Administration,1,1,1,1,4,11.7,21.6" in lines
    assert "Officer B,Officer,1,0,1,1,1,21.6,21.6" in lines


def test_the_pdf_describes_the_period_and_numbers_its_pages(march, browser_as, tmp_path):  # noqa: F811
    response = browser_as(march.head).get(f"/statement/pdf/{QUERY}")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "From 1 March 2026 to 31 March 2026" in text
    assert "Page 1 of 1" in text
    assert "Administration" in text


def test_the_pdf_is_in_hindi_for_someone_who_chose_hindi(march, browser_as, tmp_path):  # noqa: F811
    march.head.language = "hi"
    march.head.save()
    text = pdf_text(browser_as(march.head).get(f"/statement/pdf/{QUERY}").content, tmp_path)
    assert "मामलों की" in text  # pdftotext cannot map the reordered i-matra of लंबित
    assert "पृष्ठ 1 / 1" in text


def test_the_api_gives_the_same_figures_as_json(march, api):  # noqa: F811
    data = api.as_(march.officer_c).get(f"/api/statement/{QUERY}").json()
    assert [(row["name"], row["pending"]) for row in data["by_section"]] == [("Accounts", 1)]
    assert data["as_of"] == "2026-03-31"


def test_the_api_refuses_a_malformed_date(world, api):
    response = api.as_(world.head).get("/api/statement/?start=March")
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["xls", "html"])
def test_an_unknown_format_is_not_found(world, browser_as, fmt):
    assert browser_as(world.head).get(f"/statement/{fmt}/").status_code == 404


def test_the_register_pdf_prints_hindi_subjects_as_written(world, make_record, api, tmp_path):
    make_record(subject="पेंशन संशोधन हेतु कार्यालय का पत्र", received_date=date(2026, 3, 3))
    response = api.as_(world.clerk_a).get("/api/records/export/pdf/?status=assigned")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mail-register-{today}.pdf"'
    text = pdf_text(response.content, tmp_path)
    assert "?????" not in text
    assert "पेंशन" in text
    assert "Status: Assigned" in text
    assert "Page 1 of 1" in text
    fonts = poppler("pdffonts", str(tmp_path / "out.pdf"))
    assert "Noto-Sans-Devanagari" in fonts  # shaped with the Devanagari font, embedded
