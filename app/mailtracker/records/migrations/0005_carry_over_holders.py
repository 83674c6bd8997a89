"""Carry the old data into the new workflow before ``current_handler`` goes:

- an assignment ended by closing was "done"; it is now "closed" (ended with the record), so
  reopening gives it back, while "done" means a holder's own part;
- an open record whose handler held no active assignment (set by hand in the old admin) gets
  one, so that person still holds it; open records nobody held stay without holders and show in
  the "To assign" queue;
- a record without a monitoring officer gets the default one: a section head of its section,
  else the head."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def carry_over(apps, schema_editor):
    Assignment = apps.get_model("records", "Assignment")
    MailRecord = apps.get_model("records", "MailRecord")
    User = apps.get_model("accounts", "User")
    Assignment.objects.filter(state="done").update(state="closed")
    active = Assignment.objects.filter(record=OuterRef("pk"), state="active")
    orphaned = MailRecord.objects.exclude(status="closed").filter(
        current_handler__isnull=False
    ).exclude(Exists(active))
    Assignment.objects.bulk_create(
        Assignment(
            record_id=record.pk,
            assignee_id=record.current_handler_id,
            assigned_by_id=record.created_by_id,
            assigned_at=record.stage_since,
            # True is safe: at worst the record is both in their scope and listed for them.
            outside_scope=True,
        )
        for record in orphaned
    )
    head = User.objects.filter(role="head", is_active=True).order_by("pk").first()
    for section_id in MailRecord.objects.filter(monitoring_officer__isnull=True).values_list(
        "section_id", flat=True
    ).distinct():
        section_head = (
            User.objects.filter(role="section_head", is_active=True, managed_sections=section_id)
            .order_by("pk")
            .first()
        )
        monitor = section_head or head
        if monitor is not None:
            MailRecord.objects.filter(
                monitoring_officer__isnull=True, section_id=section_id
            ).update(monitoring_officer=monitor)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0004_workflow_schema"),
        ("accounts", "0003_designation_and_signup_links"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
