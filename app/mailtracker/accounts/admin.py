from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path

from mailtracker.accounts import services
from mailtracker.accounts.forms import UsersImportForm
from mailtracker.accounts.models import RevokedAccessToken, SignupRequest, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username", "first_name", "last_name", "role", "designation", "subsection", "is_active",
    ]  # fmt: skip
    list_filter = ["role", "is_active", "subsection__section"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "Mail Tracker",
            {
                "fields": [
                    "role",
                    "designation",
                    "subsection",
                    "managed_sections",
                    "audited_subsections",
                ]
            },
        ),
    ]
    filter_horizontal = ["managed_sections", "audited_subsections", "groups", "user_permissions"]
    change_list_template = "admin/accounts/user/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_csv),
                name="accounts_user_import_csv",
            )
        ]
        return extra + super().get_urls()

    def import_csv(self, request):
        """Admin page: upload users (CSV or JSON); all rows are created, or none with every
        error and its line."""
        form = UsersImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = services.users_import(rows=form.cleaned_data["rows"])
            if result.errors:
                for error in result.errors:
                    messages.error(request, error)
            else:
                messages.success(request, f"Created {len(result.created)} users.")
                return redirect("admin:accounts_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Import users (CSV or JSON)",
        }
        return render(request, "admin/accounts/user/import_csv.html", context)


@admin.register(SignupRequest)
class SignupRequestAdmin(admin.ModelAdmin):
    """Rule 15: a superuser reads the request, sets or corrects the role, subsection, managed
    sections and audited subsections, saves, then approves (or rejects)."""

    list_display = [
        "username", "full_name", "email", "requested_role", "designation", "subsection",
        "status", "created_at", "approval_problems",
    ]  # fmt: skip
    list_filter = ["status", "requested_role"]
    fields = [
        "username", "full_name", "email", "requested_role", "designation", "subsection",
        "managed_sections", "audited_subsections", "status", "decided_by", "decided_at",
        "user", "created_at",
    ]  # fmt: skip
    readonly_fields = [
        "username", "full_name", "email", "status", "decided_by", "decided_at", "user",
        "created_at",
    ]  # fmt: skip
    filter_horizontal = ["managed_sections", "audited_subsections"]
    actions = ["approve", "reject"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        pending = obj is None or obj.status == SignupRequest.Status.PENDING
        return request.user.is_superuser and pending

    def has_add_permission(self, request):
        return False

    @admin.display(description="Before approving")
    def approval_problems(self, signup):
        if signup.status != SignupRequest.Status.PENDING:
            return "-"
        return "; ".join(services.signup_request_problems(signup)) or "ready"

    @admin.action(description="Approve the selected requests (creates the accounts)")
    def approve(self, request, queryset):
        self._decide(request, queryset, services.signup_request_approve, "approved")

    @admin.action(description="Reject the selected requests")
    def reject(self, request, queryset):
        self._decide(request, queryset, services.signup_request_reject, "rejected")

    def _decide(self, request, queryset, decide, verb):
        done = 0
        for signup in queryset:
            try:
                decide(actor=request.user, request=signup)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{signup.username}: {'; '.join(_messages(error))}")
        messages.success(request, f"{done} request(s) {verb}.")


def _messages(error) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@admin.register(RevokedAccessToken)
class RevokedAccessTokenAdmin(admin.ModelAdmin):
    """Read-only: rows appear at logout and are tidied once their token would have expired."""

    list_display = ["jti", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
