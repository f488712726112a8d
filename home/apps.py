from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: pages that gather from every domain app (the home page)."""

    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(register_fold, dispatch_uid="home.register_fold")


def register_fold(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: the search's `rete_fold` is the Python one (PostgreSQL's is in a migration)."""
    if connection.vendor == "sqlite":
        from home.search import fold

        connection.connection.create_function(
            "rete_fold", 1, lambda text: None if text is None else fold(text), deterministic=True
        )
