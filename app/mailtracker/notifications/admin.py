from django.contrib import admin

from mailtracker.notifications.models import Notification
from mailtracker.records.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what, and whether their mail left (a failed one shows why)."""

    list_display = ["created_at", "recipient", "kind", "record", "mail_state", "read_at"]
    list_filter = ["kind", "mail_state"]
    search_fields = ["recipient__username", "record__serial"]
    raw_id_fields = ["recipient", "record", "actor"]
