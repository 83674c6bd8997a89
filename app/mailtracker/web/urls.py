from django.urls import path

from mailtracker.web.views import accounts, dashboard, notifications, record, register, statement

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.password_change, name="password-change"),
    path("accounts/signup/", accounts.signup_request, name="signup"),
    path("accounts/settings/", accounts.preferences, name="preferences"),
    path("language/", accounts.language_switch, name="language"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("statement/", statement.statement_page, name="statement"),
    path("statement/<str:fmt>/", statement.statement_file, name="statement-file"),
    path("accounts/signup/sent/", accounts.signup_done, name="signup-done"),
    path("records/", register.record_list, name="record-list"),
    path("records/new/", register.record_create, name="record-create"),
    path("records/<int:pk>/", record.record_detail, name="record-detail"),
    path("records/<int:pk>/edit/", record.record_edit, name="record-edit"),
    path("records/<int:pk>/assign/", record.record_assign, name="record-assign"),
    path("records/<int:pk>/action/", record.record_update_action, name="record-update-action"),
    path("records/<int:pk>/close/", record.record_close, name="record-close"),
    path("records/<int:pk>/reopen/", record.record_reopen, name="record-reopen"),
    path("records/<int:pk>/documents/", record.record_document_upload, name="record-upload"),
    path(
        "records/<int:pk>/documents/<uuid:attachment_id>/",
        record.record_document,
        name="record-document",
    ),
    path(
        "records/<int:pk>/documents/<uuid:attachment_id>/thumbnail/",
        record.record_document_thumbnail,
        name="record-document-thumbnail",
    ),
    path(
        "records/<int:pk>/documents/<uuid:attachment_id>/replace/",
        record.record_document_replace,
        name="record-document-replace",
    ),
    path(
        "records/<int:pk>/documents/<uuid:attachment_id>/remove/",
        record.record_document_remove,
        name="record-document-remove",
    ),
    path("assignments/<int:pk>/reassign/", record.assignment_reassign, name="assignment-reassign"),
    path("assignments/<int:pk>/done/", record.assignment_done, name="assignment-done"),
    path("assignments/<int:pk>/revoke/", record.assignment_revoke, name="assignment-revoke"),
    path("assignments/<int:pk>/remarks/", record.assignment_remark, name="assignment-remark"),
]
