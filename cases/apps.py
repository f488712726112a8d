from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The app tells the audit trail what to record and the inventory what it keeps: neither
        # audit nor core imports the domain apps (issue 11).
        from cases.attachments import register_documents
        from cases.notices import reminders
        from cases.personal_data import register_inventory
        from cases.tracking import register_audit
        from notifications.reminders import register

        register_audit()
        register_inventory()
        register_documents()
        # What falls due in this app, made into reminders by the notifications' hourly job.
        register(reminders)
