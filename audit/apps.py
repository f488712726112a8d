from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Changes are recorded from model signals: auditing is a concern of its own that every
        # write must get, whichever service or form made it (see audit.changes).
        from audit import changes, logins  # noqa: F401
