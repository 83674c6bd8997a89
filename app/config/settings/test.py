"""Tests: PostgreSQL from DATABASE_URL (make test provides one), fast hashing, temp PDF store."""

import os
import tempfile

os.environ.setdefault("PDF_DELIVERY", "x-accel")
os.environ.setdefault("PDF_STORAGE_PATH", tempfile.mkdtemp(prefix="mailtracker-test-pdfs-"))

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
