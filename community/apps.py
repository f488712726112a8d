from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # The app tells the audit trail what to record and the inventory what it keeps: neither
        # audit nor core imports the domain apps (issue 11).
        from community.attachments import register_documents
        from community.notices import reminders
        from community.personal_data import register_inventory
        from community.tracking import register_audit
        from notifications.reminders import register

        register_audit()
        register_inventory()
        register_documents()
        # What falls due in this app, made into reminders by the notifications' hourly job.
        register(reminders)
