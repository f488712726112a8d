"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every page asks what the user may do (the menus, `visible_to`); ModelBackend reads the user's own
permissions and their roles' (groups') in two queries. One UNION gives the same set.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                own = Permission.objects.filter(user=user_obj).values_list("content_type__app_label", "codename")
                roles = Permission.objects.filter(group__user=user_obj).values_list(
                    "content_type__app_label", "codename"
                )
                rows = own.order_by().union(roles.order_by())
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
