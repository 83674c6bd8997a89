import logging
import time

from django.conf import settings
from django.utils import translation

logger = logging.getLogger("mailtracker.slow_requests")


class SlowRequestLogMiddleware:
    """Log a warning for every request slower than SLOW_REQUEST_MS, with what identifies it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        elapsed_ms = (time.monotonic() - started) * 1000
        if elapsed_ms > settings.SLOW_REQUEST_MS:
            user = getattr(request, "user", None)
            logger.warning(
                "slow request: %s %s -> %s in %.0f ms (user %s)",
                request.method,
                request.path,
                response.status_code,
                elapsed_ms,
                getattr(user, "username", None) or "anonymous",
            )
        return response


class UserLanguageMiddleware:
    """Pages in the language the logged-in person chose (their ``language``), whatever their
    browser asks for; LocaleMiddleware has already picked the browser's (or the language
    switch's cookie) for everyone else. API clients authenticate later, in the view, so they
    get their Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
