"""Refresh-token rotation that claims the old token atomically."""

from django.db import transaction
from rest_framework_simplejwt.exceptions import AuthenticationFailed, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken


class RotatingTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt checks the blacklist and blacklists the old token in two steps, so requests
    sent together with one token all passed the check and each got a new refresh token. Here
    the old token's row is locked first: parallel requests queue on it, and only the first
    finds the token unused. Blacklisting the old token and recording the new one commit
    together."""

    def validate(self, attrs):
        with transaction.atomic():
            _claim(self.token_class(attrs["refresh"]))
            return super().validate(attrs)


def _claim(token) -> None:
    outstanding = (
        OutstandingToken.objects.select_for_update()
        .filter(jti=token.get(api_settings.JTI_CLAIM))
        .first()
    )
    if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
        raise TokenError("Token is blacklisted")
    # The account was deleted (the row keeps no user): nobody may use its tokens.
    if outstanding.user_id is None:
        raise AuthenticationFailed("No active account found for the given token.")
