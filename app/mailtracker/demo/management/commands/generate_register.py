from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from mailtracker.demo.register import generate_register


class Command(BaseCommand):
    help = (
        "Fill the register with many realistic records (for benchmarks): sections, officers, "
        "records across states and years, assignments. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=1_000_000)
        parser.add_argument("--password", default="bench-password-2026")
        parser.add_argument(
            "--with-text", action="store_true", help="give each record a document with page text"
        )

    def handle(self, *args, records: int, password: str, with_text: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_register needs PostgreSQL (it uses generate_series).")
        summary = generate_register(records=records, password=password, with_text=with_text)
        self.stdout.write(summary)
