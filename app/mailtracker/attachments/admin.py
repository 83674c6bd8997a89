from django.contrib import admin

from mailtracker.attachments.models import DocumentPage, PdfAttachment


@admin.register(PdfAttachment)
class PdfAttachmentAdmin(admin.ModelAdmin):
    """Metadata only: files are added, replaced and removed through the app, which audits it."""

    list_display = [
        "original_name", "version", "record", "stage", "size", "uploaded_at", "processing_state",
    ]  # fmt: skip
    list_filter = ["stage", "processing_state"]
    search_fields = ["original_name", "sha256", "record__serial"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentPage)
class DocumentPageAdmin(admin.ModelAdmin):
    """The text read from documents, for looking into a search: made by the worker only."""

    list_display = ["attachment", "number", "source", "record"]
    list_filter = ["source"]
    search_fields = ["record__serial", "attachment__original_name"]
    list_select_related = ["attachment", "record"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
