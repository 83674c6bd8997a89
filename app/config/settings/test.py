"""Tests: PostgreSQL from DATABASE_URL (make test provides one), fast hashing, temp PDF store."""

import os
import tempfile

# The server scripts/ci/ensure-postgres sets up: tests run against real PostgreSQL, because
# serial locking, trigram search and transactions behave differently on SQLite.
os.environ.setdefault(
    "DATABASE_URL", "postgres://mailtracker_test:mailtracker_test@127.0.0.1:5432/mailtracker_test"
)
os.environ.setdefault("PDF_DELIVERY", "x-accel")
os.environ.setdefault("PDF_STORAGE_PATH", tempfile.mkdtemp(prefix="mailtracker-test-pdfs-"))

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
