"""JavaScript, launch actions, embedded files and XFA are found, shown on the record and in the
API, and never reach the browser's viewer: inline it gets an inert copy, the bytes as uploaded
only leave as a download. The browser side is shown in web/tests/browser/test_active_content.py."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mailtracker.attachments.active_content import active_content_of
from mailtracker.attachments.delivery import DOCUMENT_CSP


def upload(api, user, record, content):
    file = SimpleUploadedFile("active.pdf", content, "application/pdf")
    return api.as_(user).post(f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart")


@pytest.mark.parametrize(
    ("kind", "found"),
    [
        ("with_open_action_javascript", ["javascript"]),
        ("with_launch_action", ["launch"]),
        ("with_embedded_file", ["embedded_files"]),
        ("with_xfa", ["xfa"]),
        ("linearized", []),
    ],
)
def test_active_content_is_reported_in_the_api(api, world, make_record, corpus, kind, found):
    record = make_record()
    data = upload(api, world.clerk_a, record, getattr(corpus, kind)()).json()
    assert data["active_content"] == found
    detail = api.as_(world.officer_a).get(f"/api/records/{record.pk}/").json()
    assert detail["attachments"][0]["active_content"] == found


def test_inline_the_browser_gets_an_inert_copy_and_the_download_is_the_original(
    api, world, make_record, corpus, store
):
    record = make_record()
    original = corpus.with_open_action_javascript()
    attachment = upload(api, world.clerk_a, record, original).json()["id"]
    view = api.as_(world.officer_a).get(f"/api/records/{record.pk}/pdf/view/")
    assert view["X-Accel-Redirect"] == f"/_protected_pdfs/{attachment}.inert.pdf"
    assert view["Content-Security-Policy"] == DOCUMENT_CSP
    with pikepdf.open(io.BytesIO((store / f"{attachment}.inert.pdf").read_bytes())) as inert:
        assert active_content_of(inert) == []
        assert len(inert.pages) == 2
    download = api.as_(world.officer_a).get(f"/api/records/{record.pk}/pdf/view/?download=1")
    assert download["X-Accel-Redirect"] == f"/_protected_pdfs/{attachment}.pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert (store / f"{attachment}.pdf").read_bytes() == original


def test_the_record_page_warns_about_active_content(client, world, make_record, corpus, api):
    record = make_record()
    upload(api, world.clerk_a, record, corpus.with_launch_action())
    client.force_login(world.officer_a)
    page = client.get(f"/records/{record.pk}/").content.decode()
    assert "Contains launch actions" in page
    assert "shown here without them" in page
