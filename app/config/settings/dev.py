"""Development: `make run` — SQLite unless DATABASE_URL is set, Django streams PDFs itself."""

import os

os.environ.setdefault("PDF_DELIVERY", "stream")

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, VAR_DIR

DEBUG = True
# A fixed development key is fine here: dev settings never run on a server.
SECRET_KEY = SECRET_KEY or "dev-only-key-not-for-production-0123456789abcdefghijklmnopq"
VAR_DIR.mkdir(exist_ok=True)
