from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from core.jobs import schedule
        from indicators.invalidation import watch_sources
        from indicators.registrations import register_all

        register_all()
        watch_sources()
        # The rollup and the standard figure sets, kept fresh for the pages (indicators.cache).
        schedule("indicators figures", "indicators.jobs.refresh_figures", cron="*/10 * * * *")
