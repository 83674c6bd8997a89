"""In Chromium: the pendency statement page, the register's PDF export with Hindi subjects (the
PDF rendered to PNG with pdftoppm, as a reader would see the page), and the dashboard in Hindi
at desktop and phone width. Each leaves its screenshot in app/test-output/screenshots/."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mailtracker.statements.tests.test_statement import march  # noqa: F401 — the fixture
from mailtracker.web.tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HINDI_SUBJECTS = [
    "पेंशन संशोधन हेतु जिला कोषागार का पत्र",
    "लेखापरीक्षा आपत्ति के उत्तर में विलंब",
    "कार्यालय भवन की मरम्मत हेतु अनुदान",
    "अवकाश नकदीकरण दावा — श्री कृष्ण मूर्ति",
]


@pytest.fixture
def hindi_letters(world, make_record):
    today = timezone.localdate()
    for number, subject in enumerate(HINDI_SUBJECTS):
        make_record(
            subject=subject,
            from_office="जिला कोषागार, लखनऊ",
            received_date=today - timedelta(days=20 + number),
            letter_date=None,
            due_date=today - timedelta(days=number * 3 - 4),
            assignees=[world.officer_a],
        )
    return world


def pdf_page_png(pdf: bytes, tmp_path, name: str):
    """Page 1 of the PDF as PNG (poppler's pdftoppm), into the screenshots."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils (scripts/ci/ensure-pdf-tools)"
    (tmp_path / "export.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
         str(tmp_path / "export.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    shutil.copyfile(tmp_path / "page.png", target)
    return target


def test_the_statement_page_shows_each_section_and_officer(march, open_as, screenshot):  # noqa: F811
    page = open_as(march.head)
    page.get_by_role("link", name="Statement").click()
    page.get_by_label("From").fill("2026-03-01")
    page.get_by_label("Until").fill("2026-03-31")
    page.get_by_role("button", name="Show").click()
    by_section = page.get_by_role("region", name="By section")
    row = by_section.get_by_role("row", name="Administration")
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "1", "1", "4", "11.7", "21.6"])
    by_officer = page.get_by_role("region", name="By officer")
    expect(by_officer.get_by_role("row")).to_have_count(7)  # heading, five people, total
    screenshot(page, "statement")


def test_the_register_pdf_export_prints_hindi_subjects_as_written(hindi_letters, open_as, tmp_path):
    page = open_as(hindi_letters.clerk_a)
    page.get_by_role("link", name="Register", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    today = timezone.localdate().isoformat()
    assert download.value.suggested_filename == f"mail-register-{today}.pdf"
    pdf = download.value.path().read_bytes()
    image = pdf_page_png(pdf, tmp_path, "register-pdf-hindi")
    assert image.stat().st_size > 20_000
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(tmp_path / "export.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "जिला कोषागार" in text
    assert "?????" not in text


def test_the_statement_pdf_in_hindi_reads_as_hindi(march, open_as, tmp_path):  # noqa: F811
    march.head.language = "hi"
    march.head.save()
    page = open_as(march.head)
    response = page.request.get(page.url + "statement/pdf/?start=2026-03-01&end=2026-03-31")
    assert response.headers["content-type"] == "application/pdf"
    pdf_page_png(response.body(), tmp_path, "statement-pdf-hindi")


@pytest.mark.parametrize(("width", "height", "name"), [(1280, 900, "desktop"), (390, 844, "phone")])
def test_the_dashboard_in_hindi(hindi_letters, open_as, screenshot, width, height, name):
    officer = hindi_letters.officer_a
    officer.language = "hi"
    officer.save()
    page = open_as(officer, width=width, height=height)
    expect(page.get_by_role("heading", name="डैशबोर्ड", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="मेरी कतार")).to_be_visible()
    expect(page.locator(".unread-count")).to_have_text(str(len(HINDI_SUBJECTS)))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"dashboard-hi-{name}")
