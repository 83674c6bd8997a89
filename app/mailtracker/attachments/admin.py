from django.contrib import admin

from mailtracker.attachments.models import PdfAttachment


@admin.register(PdfAttachment)
class PdfAttachmentAdmin(admin.ModelAdmin):
    """Metadata only: files are added, replaced and removed through the app, which audits it."""

    list_display = ["original_name", "version", "record", "stage", "size", "uploaded_at"]
    list_filter = ["stage"]
    search_fields = ["original_name", "sha256", "record__serial"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
