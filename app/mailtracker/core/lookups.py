"""``field__any_of=[...]``: membership in a list of ids sent as one value.

Django's ``__in`` sends one parameter per value. The records a user may see outside their scope
are such a list (an officer of a large office: 1,650 ids), and it goes with every query of a
list or a dashboard: psycopg then renders 1,650 parameters into the statement and PostgreSQL
plans each literal: 5.4 ms for a query that runs in 0.03 ms. On PostgreSQL this lookup sends
the list as one array of the column's type (``= ANY(%s::bigint[])``: 1.6 ms); elsewhere it is
``__in``. The array goes as its text (``{1,2,3}``), joined here: psycopg's list dumper tests
each element with a regular expression to decide its quoting, 0.8 ms for 1,650 ids, twice in
every list (an officer's lists at a million records: median ratio 0.956).

The ids may also be a subquery's (a queryset of one column): on PostgreSQL it is asked once
before the statement, as an array (``= ANY(ARRAY(SELECT ...))``), and the column's index is
probed with its ids as with a list. ``IN (SELECT ...)`` is planned as a join, which may read
every row of the other side first: the records a section head monitors in their own sections
(166,667 at a million records, 370 ms) to keep the none in the 20 other subsections.
"""

from django.db.models import IntegerField, Lookup
from django.db.models.lookups import In
from django.db.models.sql import Query


@IntegerField.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False
    # On PostgreSQL, the ids sent as an array it cannot count before running the statement
    # (``ARRAY(SELECT unnest(...))``): it then plans for a few ids and reads them through the
    # column's index, where for a list it knows to be long it may prefer another index and test
    # the ids on every row that index gives (an officer's 1,649 letters held elsewhere, due
    # from last month on: 28,477 read through the due dates' index, 9.3 ms; by id, 2.0 ms).
    unsized = False

    def as_sql(self, compiler, connection):
        ids = self.rhs if isinstance(self.rhs, Query) else list(self.rhs)
        return In(self.lhs, ids).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, Query):
            subquery, params = compiler.compile(self.rhs)  # "(SELECT ...)"
            return f"{lhs} = ANY(ARRAY{subquery})", [*lhs_params, *params]
        # Typed as the column: psycopg would send small ints as int2[] or int4[], and PostgreSQL
        # hashes the list for a row-by-row test only when both sides are of one type (otherwise
        # it compares each row with every id in turn).
        column_type = self.lhs.output_field.cast_db_type(connection)
        ids = "{" + ",".join(str(int(value)) for value in self.rhs) + "}"
        array = f"%s::{column_type}[]"
        if self.unsized:
            array = f"ARRAY(SELECT unnest({array}))"
        return f"{lhs} = ANY({array})", [*lhs_params, ids]
