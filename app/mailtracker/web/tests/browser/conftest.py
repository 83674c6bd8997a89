"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.
No browser is downloaded; the distribution's /usr/bin/chromium is used."""

import base64
import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import sync_playwright

from mailtracker.demo.pdfs import letter_pdf
from mailtracker.testing.world import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(django_settings.BASE_DIR) / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls (and
    # the test database setup) stay synchronous, so Django's async-safety guard would refuse
    # them wrongly. The live server answers from its own thread, which has no loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _stream_pdfs(settings):
    # Without nginx in front, Django must send the PDF bytes itself.
    settings.PDF_DELIVERY = "stream"


class ConsoleErrors:
    """Every JavaScript error and console error a page reports; tests end by asserting none."""

    def __init__(self):
        self.seen: list[str] = []
        self.expected_failures: set[tuple[str, int]] = set()

    def expect_failed_load(self, url: str, status: int) -> None:
        """A refusal the test provokes on purpose (the denied page, a rejected upload): the
        browser logs it as a failed load, which is not a script error."""
        self.expected_failures.add((url, status))

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.seen.append(f"pageerror: {error}"))
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if any(
            url == expected_url and f"status of {status}" in message.text
            for expected_url, status in self.expected_failures
        ):
            return
        self.seen.append(f"console: {message.text} at {url}")


@pytest.fixture
def console_errors():
    errors = ConsoleErrors()
    yield errors
    assert errors.seen == []


@pytest.fixture
def open_as(chromium, live_server, console_errors):
    """A logged-in page for a person, in a fresh browser context (own cookies)."""
    contexts = []

    def open_page(user, *, width=1280, height=900):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        console_errors.watch(page)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def pdf_file(tmp_path):
    def make(name: str, title: str) -> Path:
        path = tmp_path / name
        path.write_bytes(letter_pdf(title=title, body="Please examine and reply.", pages=2))
        return path

    return make


def drop_file(page, zone_selector: str, path: Path, mime: str = "application/pdf") -> None:
    """Drop a file on a drop zone the way a person dragging it from their desktop would."""
    page.evaluate(
        """([selector, name, mime, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: mime}));
            const zone = document.querySelector(selector);
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true,
                                                        cancelable: true}));
            }
        }""",
        [zone_selector, path.name, mime, base64.b64encode(path.read_bytes()).decode()],
    )


RECORD_URL = re.compile(r"/records/(\d+)/(\?[^#]*)?(#.*)?$")
