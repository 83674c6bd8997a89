"""API error shapes: services raise Django's own exceptions; the API turns them into the usual
DRF responses so every client sees ``{"detail": ...}`` or ``{field: [messages]}``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from mailtracker.core.errors import Refused
from mailtracker.security import limiter, lockout


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, limiter.Locked):
        exc = lockout.api_refusal(exc)
    if isinstance(exc, Refused):
        return Response({"detail": exc.message}, status=exc.status)
    return exception_handler(exc, context)
