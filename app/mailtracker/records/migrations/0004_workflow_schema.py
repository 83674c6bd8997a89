import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("records", "0003_assignment_outside_scope"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="end_remark",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="assignment",
            name="ended_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="assignment",
            name="state",
            field=models.CharField(
                choices=[
                    ("active", "Holding"),
                    ("reassigned", "Passed on"),
                    ("done", "Part done"),
                    ("revoked", "Revoked"),
                    ("closed", "Record closed"),
                ],
                default="active",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="mailrecord",
            name="letter_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="mailrecord",
            index=models.Index(fields=["monitoring_officer", "-id"], name="record_monitor_id"),
        ),
    ]
