from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mailtracker.core.importing import rows_from_file
from mailtracker.org.services import ORG_COLUMNS, org_import


class Command(BaseCommand):
    help = (
        "Create sections and subsections from a CSV or JSON file (columns: office (optional), "
        "section, subsection). Existing ones are kept; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("org_file", type=Path, help="org.csv or org.json")
        parser.add_argument("--office", default="", help="the office, if the file names none")

    def handle(self, *args, org_file: Path, office: str, **options):
        rows = rows_from_file(org_file, required=ORG_COLUMNS)
        try:
            result = org_import(rows=rows, office_name=office)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if result.errors:
            raise CommandError("nothing imported:\n" + "\n".join(result.errors))
        self.stdout.write(f"created {len(result.created)}: {', '.join(result.created) or '-'}")
