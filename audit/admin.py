from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit events, superusers included."""

    list_display = ["at", "username", "role", "action", "object_type", "object_id", "ip", "allowed"]
    list_filter = ["action", "allowed", "object_type"]
    search_fields = ["username", "object_type", "object_id", "object_repr", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
