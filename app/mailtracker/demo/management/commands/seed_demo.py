from django.core.management.base import BaseCommand

from mailtracker.demo.seeding import DEMO_PASSWORD, seed_demo_office


class Command(BaseCommand):
    help = "Create a demo office with users of every role and records in every state."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of the demo users")

    def handle(self, *args, password: str, **options):
        result = seed_demo_office(password=password)
        self.stdout.write(
            f"demo office: {result.records_created} records created ({result.records_total} in all)"
        )
        self.stdout.write(f"logins (password: {password}):")
        for username, label in result.logins:
            self.stdout.write(f"  {username:<20} {label}")
