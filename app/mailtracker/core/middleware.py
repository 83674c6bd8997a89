import logging
import re
import time
import uuid

from django.conf import settings
from django.utils import translation

from mailtracker.core.logs import current_request

logger = logging.getLogger("mailtracker.slow_requests")
# nginx's $request_id (32 hex digits), or another proxy's id of similar shape.
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestLogMiddleware:
    """Names each request (nginx's X-Request-ID, or a new id) so every log line it causes carries
    the same REQUEST_ID, answers with that id (a user can quote it), and logs a warning for
    every request slower than SLOW_REQUEST_MS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = current_request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            elapsed_ms = (time.monotonic() - started) * 1000
            if elapsed_ms > settings.SLOW_REQUEST_MS:
                self._log_slow(request, response.status_code, elapsed_ms)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response

    @staticmethod
    def _log_slow(request, status: int, elapsed_ms: float) -> None:
        user = getattr(request, "user", None)
        logger.warning(
            "slow request: %s %s -> %s in %.0f ms (user %s)",
            request.method,
            request.path,
            status,
            elapsed_ms,
            getattr(user, "username", None) or "anonymous",
            extra={"journal_fields": {"STATUS": status, "DURATION_MS": round(elapsed_ms)}},
        )


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
