"""Sort keys that an index can walk and a cursor can hold as one value."""

from datetime import date

from django.db.models import BigIntegerField, F, Func

BIGINT_MAX = 2**63 - 1
EPOCH = date(1970, 1, 1)
ID_BITS = 40  # ids below 2**40 (a trillion); the day number takes the bits above them
NO_DUE_DATE = date(9999, 12, 31)  # undated records come after every due date


class DayThenId(Func):
    """A date and the id as one bigint that sorts like the pair: the day's number since 1970
    above ``ID_BITS`` bits of id. Dates repeat (hundreds of letters arrive on one day); this
    key does not, so a cursor is one value and the next page is one index range, with no
    offset over the letters of the same day. ``missing`` stands in for a null date."""

    output_field = BigIntegerField()

    def __init__(self, field: str, *, missing: date | None = None):
        self.missing = missing
        super().__init__(F(field), F("id"))

    def as_sql(self, compiler, connection, **extra):
        (day, day_params), (pk, pk_params) = (
            compiler.compile(part) for part in self.get_source_expressions()
        )
        if self.missing:
            day = f"COALESCE({day}, DATE '{self.missing.isoformat()}')"
        # A date minus a date is a number of days in PostgreSQL.
        return f"(({day} - DATE '{EPOCH.isoformat()}')::bigint * {2**ID_BITS} + {pk})", (
            *day_params,
            *pk_params,
        )

    def as_sqlite(self, compiler, connection, **extra):
        (day, day_params), (pk, pk_params) = (
            compiler.compile(part) for part in self.get_source_expressions()
        )
        if self.missing:
            day = f"COALESCE({day}, '{self.missing.isoformat()}')"
        # julianday() of a date is the Julian day at its noon (x.5): the integer part counts
        # days as PostgreSQL does, 1970-01-01 being 2440587.
        return f"((CAST(julianday({day}) AS INTEGER) - 2440587) * {2**ID_BITS} + {pk})", (
            *day_params,
            *pk_params,
        )


def day_then_id(day: date, pk: int) -> int:
    """The value of ``DayThenId`` for this day and id, computed in Python."""
    return (day - EPOCH).days * 2**ID_BITS + pk
