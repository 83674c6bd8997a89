"""Servers: behind nginx over TLS, PostgreSQL, X-Accel-Redirect for PDFs. SECRET_KEY and
DATABASE_URL must come from the environment."""

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")
# Fail at start-up, not at the first query or upload, when the server env file lacks these.
for required in ("DATABASE_URL", "PDF_STORAGE_PATH", "STATIC_ROOT"):
    env_str(required)

# nginx terminates TLS and tells us the scheme; it also redirects HTTP to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Health checks come from the local machine over the unix socket without TLS.
SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True  # only a hint; it matters once someone submits the domain
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # PDF responses relax this to SAMEORIGIN for the inline viewer
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
