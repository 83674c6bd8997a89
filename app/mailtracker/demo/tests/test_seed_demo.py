from django.core.management import call_command

from mailtracker.attachments.models import PdfAttachment
from mailtracker.records.models import Assignment, MailRecord, SerialCounter


def test_the_demo_office_has_every_state_real_pdfs_and_printed_logins(
    db, capsys, settings, tmp_path
):
    settings.PDF_STORAGE_PATH = tmp_path
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "demo_section_head" in out
    assert "mailtracker-demo" in out
    statuses = set(MailRecord.objects.values_list("status", flat=True))
    assert statuses == {"assigned", "in_progress", "closed"}
    states = set(Assignment.objects.values_list("state", flat=True))
    assert states == {"active", "reassigned", "done", "closed"}
    assert any(record.is_overdue for record in MailRecord.objects.all())
    assert PdfAttachment.objects.filter(stage="closed").exists()
    for attachment in PdfAttachment.objects.all():
        assert (tmp_path / attachment.file_name).read_bytes().startswith(b"%PDF-")


def test_demo_records_are_dated_back_to_their_arrival_so_ages_mean_something(
    db, settings, tmp_path
):
    settings.PDF_STORAGE_PATH = tmp_path
    call_command("seed_demo")
    ages = {record.time_in_stage.days for record in MailRecord.objects.all()}
    assert min(ages) >= 1  # not "0 minutes" everywhere
    assert len(ages) > 10
    for record in MailRecord.objects.all():
        first = record.audit_events.order_by("at").first()
        assert first.at.date() == record.received_date == record.created_at.date()


def test_seeding_twice_changes_nothing(db, capsys, settings, tmp_path):
    settings.PDF_STORAGE_PATH = tmp_path
    call_command("seed_demo")
    counts = (MailRecord.objects.count(), PdfAttachment.objects.count())
    call_command("seed_demo")
    assert (MailRecord.objects.count(), PdfAttachment.objects.count()) == counts
    assert "0 records created" in capsys.readouterr().out


def test_generate_register_fills_every_state_in_order_of_registration(db):
    from mailtracker.demo.register import generate_register

    summary = generate_register(records=400, password="bench-password-2026")
    assert "added 400 records" in summary
    assert set(MailRecord.objects.values_list("status", flat=True)) >= {"closed", "created"}
    created = MailRecord.objects.filter(status="created")
    assert not Assignment.objects.filter(record__in=created).exists()  # they wait "to assign"
    in_scope = Assignment.objects.filter(outside_scope=False)
    assert (
        in_scope.filter(state="active").count()
        == MailRecord.objects.exclude(status__in=["closed", "created"]).count()
    )
    by_id = list(MailRecord.objects.order_by("id").values_list("created_at", flat=True))
    assert by_id == sorted(by_id)  # ids follow the time of registration
    assert MailRecord.objects.filter(due_date=None).exists()
    assert not MailRecord.objects.filter(monitoring_officer=None).exists()
    for step in Assignment.objects.filter(outside_scope=True).select_related("assignee", "record"):
        assert step.assignee.subsection.section_id != step.record.section_id
    newest = MailRecord.objects.latest("id")
    year, number = newest.serial.split("/")
    assert SerialCounter.objects.get(year=int(year)).last_number == int(number)  # no clash


def test_generate_register_with_text_makes_records_found_by_their_documents_words(db):
    from mailtracker.demo.register import RARE_WORD, generate_register
    from mailtracker.records.filters import RecordFilter

    generate_register(records=200, password="bench-password-2026", with_text=True)
    found = RecordFilter({"q": RARE_WORD, "in_documents": "true"}).qs
    ids = MailRecord.objects.values_list("id", flat=True)
    one_in_fifty = {pk for pk in ids if (pk * 48271) % 1009 < 20}
    assert one_in_fifty
    assert set(found.values_list("id", flat=True)) == one_in_fifty
