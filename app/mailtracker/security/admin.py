from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.db import transaction

from mailtracker.security.audit import record_unlock
from mailtracker.security.models import LockoutEvent

# django-axes registers its own admin; ours records every unlock. Successful logins are not
# logged (AXES_DISABLE_ACCESS_LOG), so their empty list is not shown.
admin.site.unregister(AccessAttempt)
admin.site.unregister(AccessLog)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    """Failed-attempt counts per client and account. Deleting one unlocks that client and
    account at once; each deletion is written to the lockout log with the administrator."""

    @transaction.atomic
    def delete_model(self, request, obj):
        record_unlock(attempt=obj, by=request.user)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            record_unlock(attempt=attempt, by=request.user)
        super().delete_queryset(request, queryset)


@admin.register(LockoutEvent)
class LockoutEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, also for administrators."""

    list_display = ["at", "kind", "username", "ip_address", "path", "by"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
