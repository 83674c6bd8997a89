"""Rule 14: the admin site shows the workflow's rows but changes none of them. Every change to
records, assignments and remarks goes through the services (the staff UI or the API), which
check the rules and leave an audit event; the admin has no way around that."""

from django.contrib import admin

from mailtracker.records.models import (
    Assignment,
    DocumentWord,
    MailRecord,
    Remark,
    SerialCounter,
    StatusCount,
)


class ReadOnly:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class AssignmentInline(ReadOnly, admin.TabularInline):
    model = Assignment
    fk_name = "record"
    extra = 0
    fields = ["assignee", "assigned_by", "state", "assigned_at", "ended_at", "end_remark"]
    readonly_fields = fields


@admin.register(MailRecord)
class MailRecordAdmin(ReadOnlyAdmin):
    list_display = ["serial", "subject", "from_office", "status", "monitoring_officer", "due_date"]
    list_filter = ["status", "section"]
    search_fields = ["serial", "letter_number", "subject", "from_office"]
    list_select_related = ["monitoring_officer"]
    show_full_result_count = False  # no COUNT(*) over a million rows per page
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["record", "assignee", "state", "assigned_at"]
    list_filter = ["state"]
    list_select_related = ["record", "assignee"]


@admin.register(Remark)
class RemarkAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "author", "created_at"]
    list_select_related = ["assignment__record", "author"]


@admin.register(SerialCounter)
class SerialCounterAdmin(ReadOnlyAdmin):
    """Numbers must stay gap-free; only record creation moves the counter."""

    list_display = ["year", "last_number"]


@admin.register(StatusCount)
class StatusCountAdmin(ReadOnlyAdmin):
    """Kept by the database's triggers on every write of a record; never by hand."""

    list_display = ["subsection", "status", "count"]
    list_filter = ["status", "section"]


@admin.register(DocumentWord)
class DocumentWordAdmin(ReadOnlyAdmin):
    """Kept by the database's triggers on every write of a record's words; never by hand."""

    list_display = ["word"]
    search_fields = ["word"]
