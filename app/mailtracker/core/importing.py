"""Reading an import file for a management command: UTF-8 (with or without BOM), CSV or JSON
by its extension, and a CommandError naming the file when it cannot be read."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from mailtracker.core.tabular import Row, kind_of, read_rows


def rows_from_file(path: Path, *, required: set[str]) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from None
    try:
        return read_rows(text, kind=kind_of(path.name), required=required)
    except ValidationError as error:
        raise CommandError(f"{path}: {'; '.join(error.messages)}") from None
