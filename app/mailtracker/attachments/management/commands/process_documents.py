from django.core.management.base import BaseCommand

from mailtracker.attachments.models import PdfAttachment
from mailtracker.attachments.services import documents_backfill


class Command(BaseCommand):
    help = (
        "Ask for the thumbnail and page text of stored documents that have none yet (documents "
        "from before this feature, or whose processing failed with --failed, or all with --all). "
        "Queued for the worker, or done here with DOCUMENT_PROCESSING=inline. Prints how many."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="also retry failed ones")
        parser.add_argument("--all", action="store_true", help="redo every stored document")

    def handle(self, *args, failed: bool, all: bool, **options):
        states = {PdfAttachment.Processing.PENDING}
        if failed or all:
            states.add(PdfAttachment.Processing.FAILED)
        if all:
            states.add(PdfAttachment.Processing.DONE)
        self.stdout.write(f"queued {documents_backfill(states=states)}")
