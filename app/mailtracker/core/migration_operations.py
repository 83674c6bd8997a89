"""Index operations that take no long lock on a big table in PostgreSQL (CREATE and DROP INDEX
CONCURRENTLY: the register stays writable while an index over its million rows is built; the
migration must be ``atomic = False``) and that still run, plainly, on the embedded SQLite of a
development setup."""

from django.contrib.postgres import operations as postgres
from django.db import migrations


class _PlainElsewhere:
    plain: type

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrently(_PlainElsewhere, postgres.AddIndexConcurrently):
    plain = migrations.AddIndex


class RemoveIndexConcurrently(_PlainElsewhere, postgres.RemoveIndexConcurrently):
    plain = migrations.RemoveIndex
