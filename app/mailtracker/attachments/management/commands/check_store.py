import sys
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mailtracker.attachments.store_check import (
    listed_files,
    store_check,
    store_files,
    store_set_aside,
)


class Command(BaseCommand):
    help = (
        "Check the PDF store against the database: every stored attachment row has its PDF (with "
        "the recorded sha256 when checksums are read), every file belongs to a row. Exit status 1 "
        "when a row lacks its PDF or a PDF differs (files without a row are reported, harmless to "
        "the app). Nothing is deleted: --set-aside moves the files no row "
        "names into a directory (with the report); rows whose PDF is missing are listed and kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--store", type=Path, help="directory to check (default: PDF_STORAGE_PATH)"
        )
        parser.add_argument(
            "--listing",
            help="check a copy described by sha256sum output instead (a file, or - for stdin)",
        )
        parser.add_argument(
            "--checksums", action="store_true", help="read every file and compare its sha256"
        )
        parser.add_argument(
            "--uploaded-before",
            type=datetime.fromisoformat,
            help="only rows uploaded before this ISO time need their file (a snapshot's start)",
        )
        parser.add_argument(
            "--set-aside", type=Path, help="move files without a row into this directory"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, store, listing, checksums, uploaded_before, set_aside, **options):
        store = store or Path(settings.PDF_STORAGE_PATH)
        if listing and set_aside:
            raise CommandError("--set-aside moves files of a store, not of a listing")
        report = store_check(
            files=self._files(store, listing, checksums), uploaded_before=uploaded_before
        )
        if set_aside and report.orphans:
            store_set_aside(report=report, store=store, directory=set_aside)
        self.stdout.write(report.as_json() if options["json"] else report.summary())
        if not report.complete:
            sys.exit(1)

    @staticmethod
    def _files(store: Path, listing: str | None, checksums: bool) -> dict[str, str | None]:
        if listing == "-":
            return listed_files(sys.stdin)
        if listing:
            with open(listing) as lines:
                return listed_files(lines)
        return store_files(store, checksums=checksums)
