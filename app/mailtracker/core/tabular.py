"""Rows from an import file, CSV or JSON alike: each row a dict of strings (lists stay lists)
with where it came from, so every error can name its line."""

import csv
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Row:
    where: str  # "line 3" in a CSV, "entry 2" in JSON
    values: dict

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value).strip()

    def names(self, key: str) -> list[str]:
        """A list cell: a JSON list, or names separated by ";" in a CSV."""
        value = self.values.get(key) or []
        items = value if isinstance(value, list) else str(value).split(";")
        return [str(item).strip() for item in items if str(item).strip()]


def read_rows(text: str, *, kind: str, required: set[str]) -> list[Row]:
    """Parse ``text`` as ``kind`` ("csv" or "json": a list of objects with the CSV's columns).
    A missing column or a malformed file is a ValidationError naming it."""
    if kind == "json":
        rows = _json_rows(text)
    elif kind == "csv":
        rows = _csv_rows(text)
    else:
        raise ValidationError(f"Unknown file kind {kind!r}: use csv or json.")
    present = set().union(*(row.values for row in rows)) if kind == "json" else _csv_header(text)
    missing = required - present
    if rows and missing:
        raise ValidationError(f"missing columns: {', '.join(sorted(missing))}")
    return rows


def kind_of(file_name: str) -> str:
    return "json" if str(file_name).lower().endswith(".json") else "csv"


def _csv_header(text: str) -> set[str]:
    return {name.strip() for name in (csv.DictReader(io.StringIO(text)).fieldnames or [])}


def _csv_rows(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise ValidationError("The file is empty: expected a header line and rows.")
    return [
        Row(f"line {reader.line_num}", {(k or "").strip(): v for k, v in values.items()})
        for values in reader
    ]


def _json_rows(text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"Not valid JSON: {error.msg} at line {error.lineno}.") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationError("The JSON must be a list of objects, one per row.")
    return [Row(f"entry {number}", item) for number, item in enumerate(data, start=1)]
