from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "plans_need_approval", "closures_need_approval"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "team", "is_active", "is_staff"]
    list_filter = ["team", "groups", "is_active", "is_staff"]
    list_select_related = ["team"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Service"), {"fields": ["team"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Service"), {"fields": ["team"]}),)

    def get_readonly_fields(self, request, obj=None):
        """An administrator keeps others' accounts and roles, never grants itself more.

        Only a superuser makes superusers or grants single permissions; nobody changes their own roles,
        team or status here, or the admin who may read no case could give itself a team and a role.
        """
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "team", "is_staff", "is_active", "is_superuser", "user_permissions"]
        return list(dict.fromkeys(readonly))
