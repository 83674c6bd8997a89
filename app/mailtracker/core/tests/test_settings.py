"""Settings read from the environment, and the production checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import env_bool, env_int, env_list, env_mapping

APP_DIR = Path(__file__).resolve().parents[3]


def test_env_readers_parse_and_complain_clearly(monkeypatch):
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", " a, b ,,c")
    monkeypatch.setenv("X_BOOL", "off")
    monkeypatch.setenv("X_MAP", "head=AG, officer=SrAO")
    assert env_int("X_INT", 1) == 12
    assert env_list("X_LIST") == ["a", "b", "c"]
    assert env_bool("X_BOOL", True) is False
    assert env_mapping("X_MAP") == {"head": "AG", "officer": "SrAO"}
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be a whole number"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_MAP", "head")
    with pytest.raises(ImproperlyConfigured, match="key=value"):
        env_mapping("X_MAP")


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "config.cli", *args],
        cwd=APP_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def production_env(**overrides):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-1234567890",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://x@127.0.0.1/x"),
        "ALLOWED_HOSTS": "mail.example.org",
        "PDF_STORAGE_PATH": "/var/lib/mailtracker/pdfs",
        "STATIC_ROOT": "/var/lib/mailtracker/static",
    }
    env.update(overrides)
    return env


def test_production_settings_pass_the_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_the_apps_connections_price_pages_as_held_in_memory_and_never_compile_or_parallelise():
    """Priced as on disk, PostgreSQL reads a scope's window of dates through the date's index
    over the whole register; JIT and parallel workers cost more than a list's query takes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('seq_page_cost'), current_setting('random_page_cost'),"
            " current_setting('jit'), current_setting('max_parallel_workers_per_gather')"
        )
        assert cursor.fetchone() == ("0.1", "0.1", "off", "0")


# What a worker's thread does between requests (Django's request_started and request_finished
# both close a connection that has outlived its age), with the clock moved on.
CONNECTION_AFTER = """
import time
from unittest import mock
from django.db import close_old_connections, connection

def backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

first = backend()
close_old_connections()
for minutes in (10, 59, 61):
    with mock.patch("time.monotonic", return_value=time.monotonic() + minutes * 60):
        close_old_connections()
        print(minutes, backend() == first)
"""


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL backend's pid")
def test_a_worker_thread_keeps_its_database_connection_for_an_hour_of_requests():
    """Opening a connection costs the request that does it 10-14 ms (the login, the backend's
    caches filled again): a thread idle for minutes keeps the one it has."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = run_manage("shell", "-c", CONNECTION_AFTER, env=production_env(DATABASE_URL=url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-4:-1] == ["10 True", "59 True", "61 False"]
