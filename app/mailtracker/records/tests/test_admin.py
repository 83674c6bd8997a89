"""Rule 14: the admin site shows the workflow's rows but cannot change them behind the
services' back (no change, no add, no delete, not even for a superuser)."""

import pytest

from mailtracker.audit.models import AuditEvent
from mailtracker.records import services
from mailtracker.records.models import Assignment, MailRecord, Remark


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.head_admin)
    return client


def test_rule_14_records_assignments_and_remarks_are_read_only_in_the_admin(
    admin_client, world, make_record
):
    record = make_record()
    assignment = record.assignments.get()
    remark = services.remark_add(actor=world.officer_a, assignment=assignment, text="Called")
    events = AuditEvent.objects.count()
    for model, row in ((MailRecord, record), (Assignment, assignment), (Remark, remark)):
        base = f"/admin/records/{model._meta.model_name}"
        assert admin_client.get(f"{base}/").status_code == 200  # visible
        page = admin_client.get(f"{base}/{row.pk}/change/")
        assert page.status_code == 200
        assert b'name="_save"' not in page.content  # shown, not editable
        assert admin_client.post(f"{base}/{row.pk}/change/", {}).status_code == 403
        assert admin_client.post(f"{base}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
        assert admin_client.get(f"{base}/add/").status_code == 403
    record.refresh_from_db()
    assert record.subject == "Pension revision for retired staff"
    assert Remark.objects.filter(pk=remark.pk).exists()
    assert AuditEvent.objects.count() == events
