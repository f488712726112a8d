from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        # The app tells the audit trail what to record and the inventory what it keeps: neither
        # audit nor core imports the domain apps (issue 11).
        from territory.personal_data import register_inventory
        from territory.tracking import register_audit

        register_audit()
        register_inventory()
        # The filter forms list areas, target groups and dimensions, and are kept drawn (core/fragments.py).
        from core.fragments import clear_on_change
        from territory.models import Area, PovertyDimension, TargetGroup

        clear_on_change(Area, PovertyDimension, TargetGroup)
