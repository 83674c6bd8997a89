"""Counters of records per subsection and status, kept by the database itself, so that the
dashboard's counts by status read a few dozen rows however large the register grows.

Triggers keep them, not the services: every write counts, bulk ones (generate_register, a
queryset update, an import, the admin) included. On PostgreSQL they are statement triggers
over transition tables, so an insert of a million rows updates each counter once; an update
that changes no status nor subsection adds and takes away the same amount, and writes nothing.
The counts of the records already there are taken in the same transaction, after the triggers
exist: creating them locks out writes to the records until the migration commits (about a
second per million records), so no record is counted twice or missed."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = """
CREATE FUNCTION records_count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch names only the transition tables its event has.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO records_statuscount AS c (section_id, subsection_id, status, count)
        SELECT section_id, subsection_id, status, count(*) FROM new_rows
        GROUP BY section_id, subsection_id, status
        ON CONFLICT (subsection_id, status) DO UPDATE SET count = c.count + excluded.count;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO records_statuscount AS c (section_id, subsection_id, status, count)
        SELECT section_id, subsection_id, status, sum(delta) FROM (
            SELECT section_id, subsection_id, status, 1 AS delta FROM new_rows
            UNION ALL
            SELECT section_id, subsection_id, status, -1 FROM old_rows
        ) AS changes
        GROUP BY section_id, subsection_id, status
        HAVING sum(delta) <> 0
        ON CONFLICT (subsection_id, status) DO UPDATE SET count = c.count + excluded.count;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE records_statuscount AS c SET count = c.count - gone.count
        FROM (SELECT subsection_id, status, count(*) AS count FROM old_rows
              GROUP BY subsection_id, status) AS gone
        WHERE c.subsection_id = gone.subsection_id AND c.status = gone.status;
    ELSE
        DELETE FROM records_statuscount;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER records_count_inserted AFTER INSERT ON records_mailrecord
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_count_statuses();
CREATE TRIGGER records_count_updated AFTER UPDATE ON records_mailrecord
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION records_count_statuses();
CREATE TRIGGER records_count_deleted AFTER DELETE ON records_mailrecord
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_count_statuses();
CREATE TRIGGER records_count_truncated AFTER TRUNCATE ON records_mailrecord
    FOR EACH STATEMENT EXECUTE FUNCTION records_count_statuses();
"""
POSTGRESQL_DROP = """
DROP TRIGGER records_count_inserted ON records_mailrecord;
DROP TRIGGER records_count_updated ON records_mailrecord;
DROP TRIGGER records_count_deleted ON records_mailrecord;
DROP TRIGGER records_count_truncated ON records_mailrecord;
DROP FUNCTION records_count_statuses();
"""
# SQLite (a development setup) has row triggers only; its registers are small.
ADD = """
INSERT INTO records_statuscount (section_id, subsection_id, status, count)
VALUES (NEW.section_id, NEW.subsection_id, NEW.status, 1)
ON CONFLICT (subsection_id, status) DO UPDATE SET count = count + 1;"""
TAKE = """
UPDATE records_statuscount SET count = count - 1
WHERE subsection_id = OLD.subsection_id AND status = OLD.status;"""
SQLITE = [
    f"CREATE TRIGGER records_count_inserted AFTER INSERT ON records_mailrecord BEGIN {ADD} END",
    "CREATE TRIGGER records_count_updated AFTER UPDATE OF status, subsection_id "
    "ON records_mailrecord WHEN OLD.status IS NOT NEW.status "
    f"OR OLD.subsection_id IS NOT NEW.subsection_id BEGIN {TAKE} {ADD} END",
    f"CREATE TRIGGER records_count_deleted AFTER DELETE ON records_mailrecord BEGIN {TAKE} END",
]
SQLITE_DROP = [
    f"DROP TRIGGER records_count_{event}" for event in ("inserted", "updated", "deleted")
]
BACKFILL = """
INSERT INTO records_statuscount (section_id, subsection_id, status, count)
SELECT section_id, subsection_id, status, count(*) FROM records_mailrecord
GROUP BY section_id, subsection_id, status
"""


def create_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in [POSTGRESQL] if postgresql else SQLITE:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def drop_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in [POSTGRESQL_DROP] if postgresql else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("records", "0008_statement_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatusCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("created", "Created"),
                            ("assigned", "Assigned"),
                            ("in_progress", "In progress"),
                            ("closed", "Closed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("count", models.BigIntegerField(default=0)),
                (
                    "section",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.section",
                    ),
                ),
                (
                    "subsection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.subsection",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subsection", "status"), name="status_count_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
