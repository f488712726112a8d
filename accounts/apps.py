from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.personal_data import register_inventory
        from accounts.roles import sync_roles_after_migrate

        # Role groups need the permissions, which Django creates after migrating: keeping the
        # groups in step on every migrate means a fresh install has working roles at once.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        # What accounts keep, for the personal-data inventory (core.personal_data). What the audit
        # trail records of them, audit registers itself: accounts sits below audit.
        register_inventory()
        # The community log's filter lists the colleagues of a team, and is kept drawn (core/fragments.py).
        from accounts.models import User
        from core.fragments import clear_on_change, clear_on_m2m_change

        clear_on_change(User)
        clear_on_m2m_change(User.groups.through)
        # Each process keeps a user's permissions until they change (accounts/backends.py).
        from accounts.permission_changes import connect

        connect()
