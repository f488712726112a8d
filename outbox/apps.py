from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every e-mail the app sends: queued as a row per recipient, sent by the job queue, never lost."""

    name = "outbox"
    verbose_name = _("Outgoing e-mail")

    def ready(self) -> None:
        from core.jobs import schedule
        from outbox.personal_data import register_inventory

        register_inventory()

        # Each message is sent right after it is queued; this catches the retries that fall due.
        schedule("deliver e-mail", "outbox.jobs.deliver", minutes=1)
