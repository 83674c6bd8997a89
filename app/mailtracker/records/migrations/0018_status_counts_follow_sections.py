"""A subsection moved to another section takes its records along (records.services.
records_follow_subsection): one update of their section, their subsection and status kept.
The status counters' trigger (0009) grouped that update's old and new records by section,
subsection and status, and so proposed two rows for the one counter of each (subsection,
status): PostgreSQL refuses such an insert ("ON CONFLICT DO UPDATE command cannot affect row a
second time"). Grouped by subsection and status, as the counters are, the changes now carry the
new section, which the counter takes. SQLite's row triggers fire on a change of status or
subsection only; there the service sets the counters' section itself."""

import importlib

from django.db import migrations

COUNTS = importlib.import_module("mailtracker.records.migrations.0009_status_counts")
# The two parts of the update's branch that change: what the changes are grouped by and
# carry, and what a counter takes of them. Nothing else of 0009's function changes.
SELECTED = "SELECT section_id, subsection_id, status, sum(delta) FROM ("
SELECTED_NOW = """SELECT coalesce(max(section_id) FILTER (WHERE delta > 0), max(section_id)),
               subsection_id, status, sum(delta) FROM ("""
GROUPED = """GROUP BY section_id, subsection_id, status
        HAVING sum(delta) <> 0
        ON CONFLICT (subsection_id, status) DO UPDATE SET count = c.count + excluded.count;"""
GROUPED_NOW = """GROUP BY subsection_id, status
        HAVING sum(delta) <> 0 OR min(section_id) <> max(section_id)
        ON CONFLICT (subsection_id, status)
        DO UPDATE SET count = c.count + excluded.count, section_id = excluded.section_id;"""
BEFORE = COUNTS.POSTGRESQL.split("CREATE TRIGGER")[0].replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
assert BEFORE.count(SELECTED) == BEFORE.count(GROUPED) == 1  # noqa: S101 - 0009 never changes
AFTER = BEFORE.replace(SELECTED, SELECTED_NOW).replace(GROUPED, GROUPED_NOW)


def replace_function(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0017_search_indexes_with_subsections")]

    operations = [migrations.RunPython(replace_function(AFTER), replace_function(BEFORE))]
