"""Remove audit events older than AUDIT_RETENTION_MONTHS (at least 24). Dry run unless --apply.

Run it from cron or a systemd timer, as the app (DATABASE_URL): on PostgreSQL it goes through the
database function audit_purge_expired(), the only way the app role can delete from the trail.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.retention import RetentionTooShort, expired_events, purge_expired_events


class Command(BaseCommand):
    help = "Remove audit events past their retention (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=settings.AUDIT_RETENTION_MONTHS, help="Retention in months (24 or more)."
        )
        parser.add_argument("--apply", action="store_true", help="Really delete (default: dry run).")

    def handle(self, *args, months, apply, **options):
        try:
            if apply:
                removed = purge_expired_events(months=months)
                self.stdout.write(f"Deleted {removed} audit events older than {months} months.")
                return
            count = expired_events(months=months).count()
        except RetentionTooShort as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Would delete {count} audit events older than {months} months.")
        if count:
            self.stdout.write("Dry run: nothing changed. Run again with --apply to delete.")
