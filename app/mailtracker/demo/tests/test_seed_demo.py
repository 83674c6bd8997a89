from django.core.management import call_command

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records.models import MailRecord


def test_the_demo_office_has_every_state_real_pdfs_and_printed_logins(
    db, capsys, settings, tmp_path
):
    settings.PDF_STORAGE_PATH = tmp_path
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "demo_section_head" in out
    assert "mailtracker-demo" in out
    statuses = set(MailRecord.objects.values_list("status", flat=True))
    assert statuses == {"created", "assigned", "in_progress", "closed"}
    assert any(record.is_overdue for record in MailRecord.objects.all())
    assert PdfAttachment.objects.filter(stage="closed").exists()
    for attachment in PdfAttachment.objects.all():
        assert (tmp_path / attachment.file_name).read_bytes().startswith(b"%PDF-")


def test_seeding_twice_changes_nothing(db, capsys, settings, tmp_path):
    settings.PDF_STORAGE_PATH = tmp_path
    call_command("seed_demo")
    counts = (MailRecord.objects.count(), PdfAttachment.objects.count())
    call_command("seed_demo")
    assert (MailRecord.objects.count(), PdfAttachment.objects.count()) == counts
    assert "0 records created" in capsys.readouterr().out


def test_generate_register_fills_every_state_with_assignments_in_scope(db):
    from mailtracker.demo.register import generate_register
    from mailtracker.records.models import Assignment

    summary = generate_register(records=240, password="bench-password-2026")
    assert "added 240 records" in summary
    assert set(MailRecord.objects.values_list("status", flat=True)) >= {"closed", "created"}
    assert Assignment.objects.exists()
    assert not Assignment.objects.filter(outside_scope=True).exists()
