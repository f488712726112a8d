from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from documents.personal_data import register_inventory
        from documents.tracking import register_audit

        register_audit()
        register_inventory()
