from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mailtracker.accounts.services import USER_COLUMNS, users_import
from mailtracker.core.importing import rows_from_file


class Command(BaseCommand):
    help = (
        "Create users from a CSV or JSON file (columns as in the README): role, designation, "
        "subsection, managed sections, audited subsections. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("users_file", type=Path, help="users.csv or users.json")

    def handle(self, *args, users_file: Path, **options):
        result = users_import(rows=rows_from_file(users_file, required=USER_COLUMNS))
        if result.errors:
            raise CommandError("nothing imported:\n" + "\n".join(result.errors))
        self.stdout.write(f"created {len(result.created)} users: {', '.join(result.created)}")
