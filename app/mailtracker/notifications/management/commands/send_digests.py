from django.core.management.base import BaseCommand
from django.utils import timezone

from mailtracker.notifications import services


class Command(BaseCommand):
    help = (
        "The daily run (mailtracker-digest.timer): each person's digest of what they hold and "
        "what is overdue, escalations of records overdue by ESCALATE_AFTER_DAYS_OVERDUE days, "
        "and another try for mails that failed. A second run the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        digests = services.digests_send(day=today)
        escalations = services.escalations_send(day=today)
        resent = services.failed_mails_resend()
        self.stdout.write(f"digests {digests}, escalations {escalations}, mails resent {resent}")
