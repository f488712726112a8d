from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from core.jobs import schedule
        from signin import checks, receivers  # noqa: F401
        from signin.personal_data import register_inventory

        # What allauth keeps of people (second factors, sessions, linked identities), for the inventory.
        register_inventory()
        schedule("purge ended sessions", "signin.jobs.purge_sessions", cron="40 3 * * *")
