from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Italian demo data and `seed_demo`. Installed only with DEBUG or DEMO=1 (config/settings.py)."""

    name = "demo"
    verbose_name = _("Demo data")
