"""Is the PDF store what the database says it is? Every stored (not purged) attachment row must
have its ``<id>.pdf`` with the sha256 the row records; every file must belong to a row.

Used after a restore (database and store come back from different copies, so either may hold
what the other lacks) and on each nightly snapshot. Nothing is ever deleted: files no row names
are moved aside, rows whose file is missing are listed and kept."""

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from mailtracker.attachments.models import PdfAttachment


@dataclass
class StoreReport:
    """What a check found. ``missing`` and ``damaged`` describe rows (attachment, record serial,
    file); ``orphans`` are file names no row claims (an interrupted upload's temp file too)."""

    rows: int = 0
    files: int = 0
    missing: list[dict] = field(default_factory=list)
    damaged: list[dict] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    set_aside_to: str = ""

    @property
    def complete(self) -> bool:
        """Every row has its intact file (files without a row do the app no harm)."""
        return not (self.missing or self.damaged)

    @property
    def consistent(self) -> bool:
        return self.complete and not self.orphans

    def as_json(self) -> str:
        return json.dumps(
            asdict(self) | {"complete": self.complete, "consistent": self.consistent}, indent=1
        )

    def summary(self) -> str:
        text = (
            f"{self.rows} attachment rows, {self.files} files: {len(self.missing)} rows without "
            f"their PDF, {len(self.damaged)} PDFs with another checksum, "
            f"{len(self.orphans)} files without a row"
        )
        return text + (f" (moved to {self.set_aside_to})" if self.set_aside_to else "")


def store_check(
    *,
    files: dict[str, str | None],
    uploaded_before: datetime | None = None,
) -> StoreReport:
    """Compare the store's files (name -> sha256, or None when not read) with the rows. Rows
    uploaded at or after ``uploaded_before`` need not have their file yet (a snapshot taken
    while the app ran), but their files are theirs, not orphans."""
    report = StoreReport(files=len(files))
    claimed: set[str] = set()
    rows = PdfAttachment.objects.filter(purged_at__isnull=True).select_related("record")
    for attachment in rows.order_by("uploaded_at", "id").iterator(chunk_size=2000):
        claimed.update(attachment.file_names)
        if uploaded_before and attachment.uploaded_at >= uploaded_before:
            continue
        report.rows += 1
        digest = files.get(attachment.file_name, "absent")
        if digest == "absent":
            report.missing.append(_described(attachment))
        elif digest is not None and digest != attachment.sha256:
            report.damaged.append(_described(attachment) | {"found_sha256": digest})
    report.orphans = sorted(name for name in files if name not in claimed)
    return report


def store_files(directory: Path, *, checksums: bool) -> dict[str, str | None]:
    """The regular files directly in the store (subdirectories are not the store's)."""
    return {
        entry.name: _sha256(Path(entry.path)) if checksums else None
        for entry in os.scandir(directory)
        if entry.is_file(follow_symlinks=False)
    }


def listed_files(lines: Iterable[str]) -> dict[str, str | None]:
    """Files named in ``sha256sum`` output ("<sha256>  <name>" per line)."""
    files: dict[str, str | None] = {}
    for line in lines:
        if line.strip():
            digest, name = line.rstrip("\n").split(None, 1)
            files[name.lstrip("*")] = digest
    return files


def store_set_aside(*, report: StoreReport, store: Path, directory: Path) -> None:
    """Move the files no row claims out of the store into ``directory`` (same file system:
    a rename), and write the report beside them. Rows are never touched."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in report.orphans:
        os.replace(store / name, directory / name)
    report.set_aside_to = str(directory)
    (directory / "store-check.json").write_text(report.as_json() + "\n")


def _described(attachment: PdfAttachment) -> dict:
    return {
        "attachment": str(attachment.id),
        "record": attachment.record.serial,
        "file": attachment.file_name,
        "uploaded_at": attachment.uploaded_at.isoformat(),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
