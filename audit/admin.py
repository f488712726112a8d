from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAlert, AuditEvent
from audit.permissions import is_auditor


class AuditorOnlyAdmin(admin.ModelAdmin):
    """Read-only, and only for the auditor group: nobody adds, changes or deletes, and a superuser
    who is not an auditor does not even see it (the trail says whose record was opened)."""

    def has_module_permission(self, request):
        return is_auditor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_auditor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AuditorOnlyAdmin):
    list_display = [
        "at", "username", "roles", "action", "object_type", "object_id", "subject_person_id", "ip", "allowed",
    ]  # fmt: skip
    list_filter = ["action", "allowed", "object_type"]
    search_fields = ["username", "object_type", "object_id", "object_repr", "ip"]
    date_hierarchy = "at"

    @admin.display(description=_("role"))
    def roles(self, event: AuditEvent) -> str:
        return event.role_labels


@admin.register(AccessAlert)
class AccessAlertAdmin(AuditorOnlyAdmin):
    list_display = ["raised_at", "username", "hour", "people", "threshold"]
    date_hierarchy = "raised_at"
