from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Staff API")

    def ready(self) -> None:
        from api.personal_data import register_inventory
        from api.tracking import register_audit
        from api.webhooks import listen_to_directory

        register_audit()
        register_inventory()
        listen_to_directory()
