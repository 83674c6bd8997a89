from django.db import migrations


class Migration(migrations.Migration):
    """Who holds a record is the holders of its active assignments (rule 5), one truth."""

    dependencies = [("records", "0005_carry_over_holders")]

    operations = [
        migrations.RemoveIndex(model_name="mailrecord", name="record_handler_id"),
        migrations.RemoveField(model_name="mailrecord", name="current_handler"),
    ]
