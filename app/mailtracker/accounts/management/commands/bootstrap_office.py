from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mailtracker.accounts.services import USER_COLUMNS, users_import
from mailtracker.core.importing import rows_from_file
from mailtracker.org.services import ORG_COLUMNS, org_import


class Command(BaseCommand):
    help = (
        "Build an office from an org file and a users file (CSV or JSON each). Idempotent: "
        "what exists is left as it is, so running it again changes nothing. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", type=Path, required=True, help="sections and subsections")
        parser.add_argument("--users", type=Path, required=True, help="the people")
        parser.add_argument("--office", default="", help="the office, if the org file names none")

    def handle(self, *args, org: Path, users: Path, office: str, **options):
        org_rows = rows_from_file(org, required=ORG_COLUMNS)
        user_rows = rows_from_file(users, required=USER_COLUMNS)
        try:
            with transaction.atomic():
                made = org_import(rows=org_rows, office_name=office)
                people = users_import(rows=user_rows, skip_existing=True)
                errors = made.errors + people.errors
                if errors:
                    raise CommandError("nothing changed:\n" + "\n".join(errors))
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"org: {len(made.created)} created; users: {len(people.created)} created, "
            f"{len(people.unchanged)} already there"
        )
