from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks  # noqa: F401 (registers the deployment checks)
        from core.jobs import sync_schedules

        # The periodic jobs the apps declare are kept in the job queue's table: in step on every migrate.
        post_migrate.connect(sync_schedules, dispatch_uid="core.sync_schedules")
