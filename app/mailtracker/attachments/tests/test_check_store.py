"""`mailtracker check_store`: the database and the PDF store agree, and what does not agree is
reported and kept (a restore brings both back from different copies)."""

import hashlib
import json
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mailtracker.attachments.models import PdfAttachment


@pytest.fixture
def stored(world, make_record, store):
    """A row with its file in the store, as an upload leaves it."""
    store.mkdir(parents=True, exist_ok=True)
    record = make_record()

    def make(content: bytes = b"%PDF-1.7 letter", *, with_file=True, **fields):
        attachment = PdfAttachment.objects.create(
            record=record,
            original_name="letter.pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            page_count=1,
            uploaded_by=world.clerk_a,
            **fields,
        )
        if with_file:
            (store / attachment.file_name).write_bytes(content)
        return attachment

    return make


def check(*arguments, stdin=None, monkeypatch=None):
    """Run the command; (exit status, report as a dict)."""
    out = StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", StringIO(stdin))
    try:
        call_command("check_store", "--json", *arguments, stdout=out)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, json.loads(out.getvalue())


def test_a_store_holding_exactly_the_rows_files_is_consistent(stored, store):
    first, second = stored(b"%PDF-1 one"), stored(b"%PDF-1 two")
    (store / first.thumbnail_file_name).write_bytes(b"png")  # derived files belong to the row
    status, report = check("--checksums")
    assert status == 0
    assert report["consistent"]
    assert (report["rows"], report["files"]) == (2, 3)
    assert second.file_name not in report["orphans"]


def test_it_lists_a_row_whose_pdf_is_missing_and_keeps_the_row(stored):
    lost = stored(with_file=False)
    status, report = check()
    assert status == 1
    [missing] = report["missing"]
    assert missing["attachment"] == str(lost.id)
    assert missing["record"] == lost.record.serial
    assert PdfAttachment.objects.filter(pk=lost.pk).exists()


def test_it_reports_a_pdf_whose_bytes_differ_from_the_recorded_checksum(stored, store):
    damaged = stored(b"%PDF-1 original")
    (store / damaged.file_name).write_bytes(b"%PDF-1 altered")
    status, report = check("--checksums")
    assert status == 1
    assert report["damaged"][0]["attachment"] == str(damaged.id)
    assert report["damaged"][0]["found_sha256"] == hashlib.sha256(b"%PDF-1 altered").hexdigest()


def test_checksums_are_only_read_when_asked(stored, store):
    damaged = stored(b"%PDF-1 original")
    (store / damaged.file_name).write_bytes(b"%PDF-1 altered")
    assert check()[0] == 0


def test_files_without_a_row_are_moved_aside_with_the_report_never_deleted(stored, store, tmp_path):
    stored()
    orphan = f"{uuid.uuid4()}.pdf"
    (store / orphan).write_bytes(b"%PDF-1 registered after the restore point")
    (store / ".upload-abc.part").write_bytes(b"%PDF-1 half")
    aside = tmp_path / "set-aside"
    status, report = check("--set-aside", str(aside))
    assert status == 0  # harmless to the app: reported, not a failure
    assert not report["consistent"]
    assert report["orphans"] == [".upload-abc.part", orphan]
    assert report["set_aside_to"] == str(aside)
    assert (aside / orphan).read_bytes() == b"%PDF-1 registered after the restore point"
    assert not (store / orphan).exists()
    assert json.loads((aside / "store-check.json").read_text())["orphans"] == report["orphans"]
    assert check()[1]["consistent"]  # what is left


def test_a_purged_rows_file_is_not_expected_and_a_left_over_one_is_an_orphan(stored, store):
    purged = stored(purged_at=timezone.now())
    _, report = check()
    assert report["missing"] == []
    assert report["orphans"] == [purged.file_name]
    (store / purged.file_name).unlink()
    assert check()[1]["consistent"]


def test_a_snapshot_listing_is_checked_with_its_checksums(stored, monkeypatch):
    kept, lost = stored(b"%PDF-1 kept"), stored(b"%PDF-1 lost")
    listing = f"{kept.sha256}  {kept.file_name}\n"
    status, report = check("--listing", "-", stdin=listing, monkeypatch=monkeypatch)
    assert status == 1
    assert [row["attachment"] for row in report["missing"]] == [str(lost.id)]
    wrong = f"{'0' * 64}  {kept.file_name}\n{lost.sha256}  {lost.file_name}\n"
    status, report = check("--listing", "-", stdin=wrong, monkeypatch=monkeypatch)
    assert [row["attachment"] for row in report["damaged"]] == [str(kept.id)]


def test_rows_uploaded_after_a_snapshot_started_need_not_be_in_it(stored, monkeypatch):
    early = stored(b"%PDF-1 early")
    late = stored(b"%PDF-1 late")
    started = early.uploaded_at + timedelta(microseconds=1)
    PdfAttachment.objects.filter(pk=late.pk).update(uploaded_at=started + timedelta(seconds=5))
    listing = f"{early.sha256}  {early.file_name}\n"
    status, report = check(
        "--listing", "-", "--uploaded-before", started.isoformat(),
        stdin=listing, monkeypatch=monkeypatch,
    )  # fmt: skip
    assert (status, report["rows"]) == (0, 1)


def test_set_aside_refuses_a_listing(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("check_store", "--listing", "x", "--set-aside", str(tmp_path))


def test_the_summary_line_says_what_was_found(stored, store):
    stored(with_file=False)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check_store", stdout=out)
    assert "1 rows without their PDF" in out.getvalue()
