from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """The top floor: one page gathering what falls due for a worker (or their team), and its feed."""

    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from agenda.registrations import register_all

        register_all()
