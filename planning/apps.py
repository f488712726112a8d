from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Piano di zona")

    def ready(self) -> None:
        from planning.registrations import register_all

        register_all()
