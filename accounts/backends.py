"""Django's ModelBackend, reading a user's permissions once per change instead of once per request.

Every page asks what the user may do (the menus, `visible_to`); ModelBackend reads the user's own permissions
and their roles' (groups') in two queries on every request. Here one UNION gives the same set, and each
server process keeps it, keyed on the user and their `permissions_version`: a counter on the user row (loaded
anyway by the session) that accounts/permission_changes.py raises whenever a role, a role's permissions or
the user's own change. A change is seen by every process on the user's next request; KEEP_SECONDS bounds what
a change made outside the ORM's signals (raw SQL, a data migration) could leave behind.
"""

import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

KEEP_SECONDS = 300
# Past this many users × versions the table starts again: a bound on memory, not a policy.
MOST_KEPT = 5_000

_kept: dict[tuple, tuple[float, frozenset[str]]] = {}


def forget_kept_permissions() -> None:
    """Empty this process's table (tests: a rolled-back database may hand a new user an old id)."""
    _kept.clear()


def _read(user_obj) -> frozenset[str]:
    if user_obj.is_superuser:
        rows = Permission.objects.values_list("content_type__app_label", "codename")
    else:
        own = Permission.objects.filter(user=user_obj).values_list("content_type__app_label", "codename")
        roles = Permission.objects.filter(group__user=user_obj).values_list("content_type__app_label", "codename")
        rows = own.order_by().union(roles.order_by())
    return frozenset(f"{app_label}.{codename}" for app_label, codename in rows)


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # date_joined too: an id is never reused in production, but a key that says who the user is costs nothing.
            key = (user_obj.pk, user_obj.date_joined, user_obj.permissions_version, user_obj.is_superuser)
            now = time.monotonic()
            kept = _kept.get(key)
            if kept is None or now - kept[0] > KEEP_SECONDS:
                if len(_kept) >= MOST_KEPT:
                    _kept.clear()
                kept = _kept[key] = (now, _read(user_obj))
            user_obj._perm_cache = set(kept[1])
        return user_obj._perm_cache
