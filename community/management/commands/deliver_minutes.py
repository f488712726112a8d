"""Send the queued minutes e-mails; run it from cron or a systemd timer, or with --loop."""

import time

from django.core.management.base import BaseCommand

from community.services import deliver_due


class Command(BaseCommand):
    help = "Deliver the minutes e-mails that are due, retrying failed ones with back-off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, metavar="SECONDS", help="Keep running, looking for due deliveries every SECONDS."
        )

    def handle(self, *args, loop=None, **options):
        while True:
            counts = deliver_due()
            if any(counts.values()) or not loop:
                self.stdout.write(
                    f"sent {counts['sent']}, to retry {counts['retry']}, failed for good {counts['failed']}"
                )
            if not loop:
                return
            time.sleep(loop)
