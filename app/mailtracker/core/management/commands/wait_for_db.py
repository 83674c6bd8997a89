import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Wait until the database answers a query (the readiness gate before migrate)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60, help="seconds to wait at most")

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                self.stdout.write("database ready")
                return
            except OperationalError as error:
                connection.close()
                if time.monotonic() >= deadline:
                    raise CommandError(
                        f"database not ready after {timeout:.0f} s: {error}"
                    ) from None
                time.sleep(1)
