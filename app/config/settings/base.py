"""Settings shared by every environment. Everything an operator may change comes from the
environment (see the configuration reference in README.md)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_mapping, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "mailtracker.core",
    "mailtracker.org",
    "mailtracker.accounts",
    "mailtracker.audit",
    "mailtracker.records",
    "mailtracker.attachments",
    "mailtracker.notifications",
    "mailtracker.statements",
    "mailtracker.demo",
    "mailtracker.web",
    "mailtracker.security",
]

MIDDLEWARE = [
    "mailtracker.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (or the cookie of the language switch) before login...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...and the language each person chose, once they are logged in.
    "mailtracker.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a login form refused by the password limiter into its 429 page.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees database errors raised by the views themselves.
    "mailtracker.core.database_unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mailtracker.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Each worker thread keeps its connection for an hour. Opening one (the login, the backend's
# catalog caches filled again) added 10-14 ms to the request that did it at a million records:
# with a minute, that was nearly every request of an office whose threads are idle for minutes.
# The health checks replace a connection PostgreSQL dropped (a restart) before it is used.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mailtracker.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 3600),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ON_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith("postgresql")
if ON_POSTGRESQL:
    # A list page is a walk along an index that stops after a page of rows, or a bitmap of the few
    # index entries of one scope and window. PostgreSQL's defaults price pages for spinning disks
    # (random_page_cost 4, seq_page_cost 1) against the CPU's work on each row; a register fits in
    # an office server's memory (a million records: the records' table and indexes 2.3 GB), and for
    # that PostgreSQL's documentation advises lowering both page costs, as far as 0.1. Priced as on
    # disk, a section head's letters due this month were read through the date's index over the
    # whole register (28,477 rows tested, 12-17 ms at a million records) instead of the (section,
    # date) index (4,746 rows, 3.4 ms). Above a price PostgreSQL would also compile a query to
    # machine code (JIT: 100 ms and more for a 5 ms query) and start parallel workers (which the
    # gunicorn workers' share of the cores cannot feed). Set per connection, so it holds for the app
    # whatever the server's postgresql.conf says.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c seq_page_cost=0.1 -c random_page_cost=0.1 -c jit=off"
        " -c max_parallel_workers_per_gather=0"
    )

# Thumbnails, page text and OCR of stored documents. "queue": jobs in PostgreSQL (procrastinate),
# run by `mailtracker procrastinate worker`; "inline": in the request that stored the document,
# once committed (the SQLite of `make run`, or a server without a worker).
DOCUMENT_PROCESSING = env_str("DOCUMENT_PROCESSING", "queue" if ON_POSTGRESQL else "inline")
if DOCUMENT_PROCESSING not in {"queue", "inline"} or (
    DOCUMENT_PROCESSING == "queue" and not ON_POSTGRESQL
):
    raise ImproperlyConfigured(
        "DOCUMENT_PROCESSING must be 'queue' (PostgreSQL only) or 'inline', "
        f"got {DOCUMENT_PROCESSING!r}."
    )
if ON_POSTGRESQL:
    # Its tables live in PostgreSQL only; on SQLite there is no queue to keep.
    INSTALLED_APPS.append("procrastinate.contrib.django")
# Tesseract languages (Debian packages tesseract-ocr-<lang>), threads per OCR job, and how long
# one page may take.
OCR_LANGUAGES = env_list("OCR_LANGUAGES", "eng,hin")
OCR_JOBS = env_int("OCR_JOBS", 1)
OCR_PAGE_TIMEOUT_SECONDS = env_int("OCR_PAGE_TIMEOUT_SECONDS", 180)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is compared.
    "mailtracker.security.limiter.LimiterBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The staff pages, messages, mails and PDFs in English and Hindi; each person picks theirs.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
# Compiled catalogues (.mo) are committed beside the .po files, so the wheel carries them.
LOCALE_PATHS = [BASE_DIR / "mailtracker" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(VAR_DIR / "static"))
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# PDF storage and delivery. The prefix and the path are rendered from one variable each into both
# this environment and nginx's internal location, so they cannot drift.
PDF_STORAGE_PATH = Path(env_str("PDF_STORAGE_PATH", str(VAR_DIR / "pdfs")))
PDF_INTERNAL_PREFIX = env_str("PDF_INTERNAL_PREFIX", "/_protected_pdfs/")
PDF_DELIVERY = env_str("PDF_DELIVERY", "x-accel")
MAX_PDF_SIZE_MB = env_int("MAX_PDF_SIZE_MB", 20)
# Larger uploads spool to disk instead of memory, so a 50 MB scan does not inflate a worker.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The whole request body may be a PDF plus a few form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Every response allows the app's own scripts, styles and images only (data: images are
# Pico's inline SVG icons), no plugins, no framing (PDFs set their own policy: delivery.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Notifications. Mails go through the SMTP relay below (STARTTLS when EMAIL_USE_TLS); without
# EMAIL_HOST they are not sent and people see their notifications in the app only. "queue": each
# mail is a job of the worker (retried for hours while the relay is down); "inline": sent once
# the request's transaction commits (make run).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mailtracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Mail Tracker] "
MAIL_DELIVERY = env_str("MAIL_DELIVERY", "queue" if ON_POSTGRESQL else "inline")
if MAIL_DELIVERY not in {"queue", "inline"} or (MAIL_DELIVERY == "queue" and not ON_POSTGRESQL):
    raise ImproperlyConfigured(
        f"MAIL_DELIVERY must be 'queue' (PostgreSQL only) or 'inline', got {MAIL_DELIVERY!r}."
    )
# Where people open the app: mails link back to records with it (https://mail.office.lan).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A record this many days past its due date is escalated to its section heads and its
# monitoring officer (once for each due date).
ESCALATE_AFTER_DAYS_OVERDUE = env_int("ESCALATE_AFTER_DAYS_OVERDUE", 7)

ROLE_LABELS = env_mapping("ROLE_LABELS")
# The office's vocabulary for "current action" (rule 9), and e-mail domains refused at signup.
ACTION_STATUSES = env_list(
    "ACTION_STATUSES",
    "Under examination,Draft put up,Awaiting information,Sent for approval,Reply issued",
)
SIGNUP_BLOCKED_EMAIL_DOMAINS = env_list("SIGNUP_BLOCKED_EMAIL_DOMAINS")
SLOW_REQUEST_MS = env_int("SLOW_REQUEST_MS", 1000)
# Behind nginx the client address is the last X-Forwarded-For hop nginx added.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# The password limiter (django-axes, see mailtracker/security/limiter.py): every password check
# counts wrong passwords per client address and account in PostgreSQL; the limit-th one locks
# that pair out for the lockout window, counted from the last wrong password.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries refused during a lockout are not counted: it ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "mailtracker.security.limiter.client_address"
AXES_USERNAME_CALLABLE = "mailtracker.security.limiter.account_of"
AXES_LOCKOUT_CALLABLE = "mailtracker.security.lockout.axes_lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mailtracker.accounts.authentication.RevocableJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "mailtracker.core.parsers.FiniteJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "mailtracker.records.pagination.RecordCursorPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "mailtracker.core.exceptions.api_exception_handler",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_LIFETIME_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(hours=env_int("JWT_REFRESH_LIFETIME_HOURS", 24)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a hash of the password they were issued under: a password change kills them.
    "CHECK_REVOKE_TOKEN": True,
    # Rotation claims the old token under a row lock: replaying it in parallel rotates it once.
    "TOKEN_REFRESH_SERIALIZER": "mailtracker.accounts.tokens.RotatingTokenRefreshSerializer",
    "ALGORITHM": "HS256",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Mail Tracker API",
    "DESCRIPTION": "Register incoming mail, route it to officers and track who holds what.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's Swagger UI comes from the app's static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {"request": {"()": "mailtracker.core.logs.RequestFields"}},
    # journald's native socket under systemd (priorities and request fields), else stderr.
    "handlers": {
        "default": {
            "()": "mailtracker.core.logs.handler",
            "formatter": "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["default"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs each failed password as a warning, its per-request notes are noise;
    # pikepdf announces its logging bridge at INFO in every process that loads it.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
