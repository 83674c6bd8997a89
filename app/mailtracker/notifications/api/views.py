"""My notifications, marking them read, and my preferences (language, which mails I get)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mailtracker.accounts.services import PREFERENCES, user_preferences_update
from mailtracker.core.pagination import NewestFirstPagination
from mailtracker.notifications import selectors, services
from mailtracker.notifications.api import serializers as s


class NotificationListView(generics.ListAPIView):
    """The logged-in person's notifications, newest first; how many are unread in the header
    ``X-Unread-Count``."""

    serializer_class = s.NotificationSerializer
    # Newest first by id, like the register: a keyset, never a COUNT(*).
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return selectors.Notification.objects.none()
        return selectors.notifications_of(self.request.user)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response["X-Unread-Count"] = str(selectors.unread_count(request.user))
        return response


class NotificationsReadView(APIView):
    """Mark notifications read: the given ``ids`` (one's own only), or all."""

    @extend_schema(
        request=s.MarkReadSerializer,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request):
        serializer = s.MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user, ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": marked}, status=status.HTTP_200_OK)


class PreferencesView(APIView):
    """The logged-in person's language and which notification mails they get."""

    @extend_schema(responses=s.PreferencesSerializer)
    def get(self, request):
        return Response(self._current(request.user))

    @extend_schema(request=s.PreferencesSerializer, responses=s.PreferencesSerializer)
    def patch(self, request):
        serializer = s.PreferencesSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user_preferences_update(user=request.user, **serializer.validated_data)
        return Response(self._current(request.user))

    def _current(self, user) -> dict:
        return {name: getattr(user, name) for name in PREFERENCES}
