from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mailtracker.accounts.services import users_import_csv


class Command(BaseCommand):
    help = "Create users from a CSV file; columns as in the README (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {csv_file}: {error}") from None
        result = users_import_csv(text=text)
        if result.errors:
            raise CommandError("nothing imported:\n" + "\n".join(result.errors))
        self.stdout.write(f"created {len(result.created)} users: {', '.join(result.created)}")
