from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.views import TokenObtainPairView

from mailtracker.accounts import services
from mailtracker.accounts.api.serializers import (
    LogoutSerializer,
    PasswordChangeSerializer,
    UserSummarySerializer,
)
from mailtracker.security import limiter, lockout


class LoginView(TokenObtainPairView):
    """Exchange a username and password for an access and a refresh token. A client locked out
    by the password limiter gets a 429 before any password is compared."""

    def post(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        try:
            limiter.ensure_not_locked(request, limiter.account_of(request, data) or "")
        except limiter.Locked as error:
            raise lockout.api_refusal(error) from None
        return super().post(request, *args, **kwargs)


class LogoutView(APIView):
    """Revoke the caller's refresh token given and the access token this request was made with."""

    @extend_schema(request=LogoutSerializer, responses={205: None})
    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.tokens_revoke_at_logout(
                user=request.user, refresh=serializer.validated_data["refresh"], access=request.auth
            )
        except TokenError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordChangeView(APIView):
    """Change one's own password. Tokens issued before stop working."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_change_password(
            request=request, user=request.user, **serializer.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveAPIView):
    """The logged-in user, with the configured label of their role."""

    serializer_class = UserSummarySerializer

    def get_object(self):
        return self.request.user


class UserListView(generics.ListAPIView):
    """Active users. Whom one may give work to is ``/api/records/candidates/`` (rule 6)."""

    serializer_class = UserSummarySerializer
    pagination_class = None

    def get_queryset(self):
        return get_user_model().objects.filter(is_active=True).order_by("username")
