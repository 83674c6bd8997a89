from django.contrib import admin

from mailtracker.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, also for administrators."""

    list_display = ["at", "record", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["record__serial", "actor__username"]
    list_select_related = ["record", "actor"]
    raw_id_fields = ["record"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
