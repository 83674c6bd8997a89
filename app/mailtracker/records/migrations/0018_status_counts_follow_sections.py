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
GROUPED_BY_SECTION = """
        SELECT section_id, subsection_id, status, sum(delta) FROM (
            SELECT section_id, subsection_id, status, 1 AS delta FROM new_rows
            UNION ALL
            SELECT section_id, subsection_id, status, -1 FROM old_rows
        ) AS changes
        GROUP BY section_id, subsection_id, status
        HAVING sum(delta) <> 0
        ON CONFLICT (subsection_id, status) DO UPDATE SET count = c.count + excluded.count;
"""
GROUPED_BY_SUBSECTION = """
        SELECT coalesce(max(section_id) FILTER (WHERE delta > 0), max(section_id)),
               subsection_id, status, sum(delta) FROM (
            SELECT section_id, subsection_id, status, 1 AS delta FROM new_rows
            UNION ALL
            SELECT section_id, subsection_id, status, -1 FROM old_rows
        ) AS changes
        GROUP BY subsection_id, status
        HAVING sum(delta) <> 0 OR min(section_id) <> max(section_id)
        ON CONFLICT (subsection_id, status)
        DO UPDATE SET count = c.count + excluded.count, section_id = excluded.section_id;
"""
BEFORE = COUNTS.POSTGRESQL.split("CREATE TRIGGER")[0].replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
assert GROUPED_BY_SECTION in BEFORE  # noqa: S101 - 0009 is history: it never changes
AFTER = BEFORE.replace(GROUPED_BY_SECTION, GROUPED_BY_SUBSECTION)


def replace_function(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0017_search_indexes_with_subsections")]

    operations = [migrations.RunPython(replace_function(AFTER), replace_function(BEFORE))]
