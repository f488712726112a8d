"""Load the Italian demo data and demo users. Safe to run again: it never duplicates."""

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.accounts import DEMO_PASSWORD, logins, seed_users
from demo.cases import seed_cases
from demo.community import seed_community
from demo.large import seed_large
from demo.partners import login_line, seed_partner
from demo.planning import seed_planning
from demo.territory import seed_territory

# The benchmark's sizes as scales of demo.large's volumes. Huge scales the teams and tables too, so a team's
# case list stays a team's size: the lists must stay as fast with ten times the records around them.
SCALES = {"large": 1, "huge": 10}

REFUSAL = (
    "seed_demo runs only with DEBUG=1: it creates users whose password is published in the README, "
    "so it must never reach a real service's database."
)


class Command(BaseCommand):
    help = "Load Italian demo data (territory of the Ambito del Rhodense) and demo users. Needs DEBUG=1."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", *SCALES],
            default="small",
            help="small: the Italian demo (default); large: the demo plus a region's worth of records for benchmarks; "
            "huge: ten times large (PostgreSQL, several GB, minutes).",
        )
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, size="small", scale=1.0, **options):
        # DEMO=1 may install this app without DEBUG (the tests do); installing is not enough to run it.
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        self.seed_small()
        if size in SCALES:
            self.seed_large(size, SCALES[size] * scale)

    @transaction.atomic
    def seed_small(self):
        organisations = seed_territory()
        users = seed_users()
        seed_partner()
        cases = seed_cases(
            teams={"nord": users["assistente.nord"].team, "sud": users["assistente.sud"].team},
            workers={"nord": users["assistente.nord"], "sud": users["assistente.sud"]},
        )
        actions = seed_community(
            coordinator=users["coordinatrice"], workers=[users["assistente.nord"], users["assistente.sud"]]
        )
        seed_planning()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(organisations)} organisations, {cases} cases, {actions} community actions."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in logins():
            self.stdout.write(line)
        self.stdout.write(login_line())
        self.stdout.write(
            f"The demo mailbox ({settings.SITE_URL}/demo/posta/, as admin) shows every e-mail sent, the partners' "
            "links included: open one signed out to answer as the organisation would."
        )

    def seed_large(self, size: str, scale: float) -> None:
        started = time.monotonic()
        counts = seed_large(scale=scale, out=self.stderr)
        loaded = time.monotonic()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The planner's statistics (it must know the volumes), and visibility maps that let PostgreSQL
            # count with index-only scans; VACUUM cannot run in a transaction (tests call this command inside one).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{size.capitalize()} data loaded in {time.monotonic() - started:.0f}s "
                f"(VACUUM ANALYZE {time.monotonic() - loaded:.0f}s): "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
            )
        )
