from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "team", "is_active", "is_staff"]
    list_filter = ["team", "groups", "is_active", "is_staff"]
    list_select_related = ["team"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Service"), {"fields": ["team"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Service"), {"fields": ["team"]}),)
