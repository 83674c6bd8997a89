"""Each assignment carries a copy of its record's section, subsection and due date, so the
statement groups and filters a month's hops (tens of thousands at a million records) without
joining each one to its record (70 of the head's 106 ms).

The database keeps the copies, not the services, so no writer can leave one stale: a trigger
fills them whenever an assignment is inserted or its copies are written (Django's full save
writes them as NULL: the trigger puts them back), and another copies a record's new section,
subsection or due date to its assignments (a statement trigger over transition tables on
PostgreSQL, so a bulk update of records updates their assignments in one statement). The
triggers exist before the copies are taken, in the same transaction: no assignment is missed.
SQLite (a development setup) has row triggers only."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = """
CREATE FUNCTION records_assignment_copy_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT section_id, subsection_id, due_date
    INTO NEW.record_section_id, NEW.record_subsection_id, NEW.record_due_date
    FROM records_mailrecord WHERE id = NEW.record_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER records_assignment_copied
    BEFORE INSERT OR UPDATE OF record_id, record_section_id, record_subsection_id, record_due_date
    ON records_assignment FOR EACH ROW EXECUTE FUNCTION records_assignment_copy_record();

CREATE FUNCTION records_record_copy_to_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records_assignment AS a
    SET record_section_id = n.section_id, record_subsection_id = n.subsection_id,
        record_due_date = n.due_date
    FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
    WHERE a.record_id = n.id
      AND (n.section_id, n.subsection_id, n.due_date)
          IS DISTINCT FROM (o.section_id, o.subsection_id, o.due_date);
    RETURN NULL;
END
$$;
CREATE TRIGGER records_record_copied AFTER UPDATE ON records_mailrecord
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION records_record_copy_to_assignments();
"""
POSTGRESQL_DROP = """
DROP TRIGGER records_record_copied ON records_mailrecord;
DROP FUNCTION records_record_copy_to_assignments();
DROP TRIGGER records_assignment_copied ON records_assignment;
DROP FUNCTION records_assignment_copy_record();
"""
COPY_FROM_RECORD = """
UPDATE records_assignment SET
    record_section_id = (SELECT section_id FROM records_mailrecord WHERE id = NEW.record_id),
    record_subsection_id = (SELECT subsection_id FROM records_mailrecord WHERE id = NEW.record_id),
    record_due_date = (SELECT due_date FROM records_mailrecord WHERE id = NEW.record_id)
WHERE id = NEW.id;"""
SQLITE = [
    "CREATE TRIGGER records_assignment_copied AFTER INSERT ON records_assignment "
    f"BEGIN {COPY_FROM_RECORD} END",
    # SQLite's triggers do not fire themselves again (recursive_triggers is off).
    "CREATE TRIGGER records_assignment_recopied AFTER UPDATE OF record_id, "
    "record_section_id, record_subsection_id, record_due_date ON records_assignment "
    f"BEGIN {COPY_FROM_RECORD} END",
    "CREATE TRIGGER records_record_copied AFTER UPDATE OF section_id, subsection_id, due_date "
    "ON records_mailrecord WHEN OLD.section_id IS NOT NEW.section_id "
    "OR OLD.subsection_id IS NOT NEW.subsection_id OR OLD.due_date IS NOT NEW.due_date "
    "BEGIN UPDATE records_assignment SET record_section_id = NEW.section_id, "
    "record_subsection_id = NEW.subsection_id, record_due_date = NEW.due_date "
    "WHERE record_id = NEW.id; END",
]
SQLITE_DROP = [
    f"DROP TRIGGER {name}"
    for name in ("records_assignment_copied", "records_assignment_recopied", "records_record_copied")
]
BACKFILL = {
    "postgresql": """
UPDATE records_assignment AS a
SET record_section_id = r.section_id, record_subsection_id = r.subsection_id,
    record_due_date = r.due_date
FROM records_mailrecord AS r WHERE r.id = a.record_id
""",
    # Writing the copies fires the row trigger, which copies them from the record.
    "sqlite": "UPDATE records_assignment SET record_id = record_id",
}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in [POSTGRESQL] if vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL[vendor])


def drop_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in [POSTGRESQL_DROP] if postgresql else SQLITE_DROP:
        schema_editor.execute(statement)


def copy(model):
    return models.ForeignKey(
        db_constraint=False, db_index=False, editable=False, null=True,
        on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=model,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("records", "0012_open_monitor_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="record_due_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="assignment", name="record_section", field=copy("org.section")
        ),
        migrations.AddField(
            model_name="assignment", name="record_subsection", field=copy("org.subsection")
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
