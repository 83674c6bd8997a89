from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter
from rest_framework_simplejwt.views import TokenRefreshView

from mailtracker.accounts.api import views as account_views
from mailtracker.core.api_docs import ApiDocsView
from mailtracker.core.favicon import favicon
from mailtracker.core.health import health
from mailtracker.notifications.api import views as notification_views
from mailtracker.records.api import documents as pdf_views
from mailtracker.records.api.views import (
    AssignmentViewSet,
    CreatableSubsectionListView,
    RecordViewSet,
)
from mailtracker.statements.api import StatementView

router = SimpleRouter(trailing_slash=True)
router.register("records", RecordViewSet, basename="record")
router.register("assignments", AssignmentViewSet, basename="assignment")

api = [
    path("health/", health, name="health"),
    path("auth/login/", account_views.LoginView.as_view(), name="login"),
    path("auth/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("auth/password/", account_views.PasswordChangeView.as_view(), name="password-change"),
    path("me/", account_views.MeView.as_view(), name="me"),
    path("me/preferences/", notification_views.PreferencesView.as_view(), name="preferences"),
    path("users/", account_views.UserListView.as_view(), name="users"),
    path("notifications/", notification_views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/read/",
        notification_views.NotificationsReadView.as_view(),
        name="notifications-read",
    ),
    path("statement/", StatementView.as_view(), name="statement"),
    path("subsections/", CreatableSubsectionListView.as_view(), name="subsections"),
    path("records/<int:record_id>/pdf/", pdf_views.RecordPdfView.as_view(), name="record-pdf"),
    path(
        "records/<int:record_id>/pdf/view/",
        pdf_views.RecordPdfContentView.as_view(),
        name="record-pdf-view",
    ),
    path(
        "records/<int:record_id>/pdf/<uuid:attachment_id>/",
        pdf_views.RecordPdfDetailView.as_view(),
        name="record-pdf-detail",
    ),
    path(
        "records/<int:record_id>/pdf/<uuid:attachment_id>/remove/",
        pdf_views.RecordPdfRemoveView.as_view(),
        name="record-pdf-remove",
    ),
    path(
        "records/<int:record_id>/pdf/<uuid:attachment_id>/replace/",
        pdf_views.RecordPdfReplaceView.as_view(),
        name="record-pdf-replace",
    ),
    path(
        "records/<int:record_id>/pdf/<uuid:attachment_id>/thumbnail/",
        pdf_views.RecordPdfThumbnailView.as_view(),
        name="record-pdf-thumbnail",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
    *router.urls,
]

urlpatterns = [
    path("api/", include(api)),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("", include("mailtracker.web.urls")),
]
