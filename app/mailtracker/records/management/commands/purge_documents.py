from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mailtracker.records.documents import documents_purge


class Command(BaseCommand):
    help = (
        "Retention purge (rule 13): destroy the stored files of document versions superseded "
        "or removed more than N days ago. Rows and audit events stay; each purge is audited. "
        "Run it from a schedule; backups taken before keep every version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)

    def handle(self, *args, older_than_days: int, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=older_than_days)
        purged = documents_purge(ended_before=cutoff)
        self.stdout.write(f"purged {len(purged)} stored file(s) ended before {cutoff:%Y-%m-%d}")
