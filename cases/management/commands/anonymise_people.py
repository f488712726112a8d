"""Anonymise people whose cases were all closed more than RETENTION_YEARS years ago.

Without --apply it only lists who would be anonymised: run it that way first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.gdpr import anonymise, people_past_retention


class Command(BaseCommand):
    help = "Anonymise people past the retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=settings.RETENTION_YEARS, help="Retention in years.")
        parser.add_argument("--apply", action="store_true", help="Really anonymise (default: dry run).")

    def handle(self, *args, years, apply, **options):
        people = list(people_past_retention(years).order_by("pk"))
        verb = "Anonymising" if apply else "Would anonymise"
        self.stdout.write(f"{verb} {len(people)} people whose cases were closed more than {years} years ago.")
        for person in people:
            self.stdout.write(f"  #{person.pk}")
            if apply:
                anonymise(person)
        if not apply and people:
            self.stdout.write("Dry run: nothing changed. Run again with --apply to anonymise.")
