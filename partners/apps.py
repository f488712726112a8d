from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        # This app sits above cases and community (ARCHITECTURE.md): it tells them what to do when a
        # referral is sent and where members answer from, through their registries.
        from cases.listeners import on_referral_moved
        from community.links import LinkMaker, register
        from partners.personal_data import register_inventory
        from partners.services import action_item_url, minutes_url, referral_moved
        from partners.tracking import register_audit

        register_audit()
        register_inventory()
        on_referral_moved(referral_moved)
        register(LinkMaker(minutes=minutes_url, action_item=action_item_url))
