from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from mailtracker.accounts.models import RevokedAccessToken


class RevocableJWTAuthentication(JWTAuthentication):
    """simplejwt's access tokens are stateless; this also refuses the ones revoked at logout."""

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if RevokedAccessToken.objects.filter(jti=token.get("jti", "")).exists():
            raise InvalidToken("This token was revoked at logout.")
        return token


class RevocableJWTScheme(SimpleJWTScheme):
    """Describe the revocable authentication as the bearer JWT scheme in the OpenAPI schema."""

    target_class = RevocableJWTAuthentication
