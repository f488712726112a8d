from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Changes are recorded from model signals: auditing is a concern of its own that every
        # write must get, whichever service or form made it. What is tracked, each domain app
        # registers from its own ready() (see audit.registry); accounts, below audit, is registered here.
        from audit import changes, logins  # noqa: F401
        from audit.db_roles import grant_after_migrate
        from audit.personal_data import register_inventory
        from audit.tracking import register_audit

        register_audit()
        register_inventory()
        # Once per migrate (sender: this app), after every app's migrations: see audit.db_roles.
        post_migrate.connect(grant_after_migrate, sender=self)
