from django.contrib import admin

from mailtracker.records.models import Assignment, MailRecord, Remark, SerialCounter


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "record"
    extra = 0
    raw_id_fields = ["assignee", "assigned_by", "parent"]
    readonly_fields = ["assigned_at", "ended_at"]


@admin.register(MailRecord)
class MailRecordAdmin(admin.ModelAdmin):
    list_display = ["serial", "subject", "from_office", "status", "current_handler", "due_date"]
    list_filter = ["status", "section"]
    search_fields = ["serial", "letter_number", "subject", "from_office"]
    raw_id_fields = ["current_handler", "monitoring_officer", "created_by"]
    readonly_fields = ["serial", "created_at", "updated_at", "stage_since"]
    list_select_related = ["current_handler"]
    show_full_result_count = False  # no COUNT(*) over a million rows per page
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["record", "assignee", "state", "assigned_at"]
    list_filter = ["state"]
    raw_id_fields = ["record", "assignee", "assigned_by", "parent"]


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    list_display = ["assignment", "author", "created_at"]
    raw_id_fields = ["assignment", "author"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SerialCounter)
class SerialCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last_number"]

    def has_change_permission(self, request, obj=None):
        return False  # numbers must stay gap-free; only record creation moves the counter
