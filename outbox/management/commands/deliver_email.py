"""Send the queued e-mails that are due now, at once (the job queue does it every minute by itself)."""

from django.core.management.base import BaseCommand

from outbox.services import CLAIM_BATCH, drain


class Command(BaseCommand):
    help = "Send the queued e-mails that are due, retrying failed ones with back-off."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=CLAIM_BATCH, help="Messages claimed at a time.")

    def handle(self, *args, batch=CLAIM_BATCH, **options):
        total = drain(batch=batch)
        self.stdout.write(f"sent {total['sent']}, to retry {total['retry']}, failed for good {total['failed']}")
