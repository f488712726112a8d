from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Telling people what concerns them: in the app (the bell) and by e-mail, at once or in a daily digest.

    Domain apps call notifications.services.notify() from their services, and register the reminders
    they compute (follow-ups due, minutes to review...) with notifications.reminders.register().
    """

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.jobs import schedule
        from notifications.personal_data import register_inventory
        from notifications.tracking import register_audit

        register_audit()
        register_inventory()

        # Every hour: today's reminders (once each), then the digest of the users who chose this hour.
        schedule("reminders and digests", "notifications.jobs.hourly", cron="5 * * * *")
