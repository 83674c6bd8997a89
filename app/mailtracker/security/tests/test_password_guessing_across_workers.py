"""Threat: spreading password guesses over the app's worker processes, each of which used to
keep its own count (10 guesses per worker and minute). Real gunicorn with four workers on
loopback, against the test's PostgreSQL database: the 11th wrong try is refused whichever
worker answers it, and the right password works again once the lockout window has passed."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from mailtracker.security.tests.concurrency import in_parallel
from mailtracker.testing.world import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

APP_DIR = Path(__file__).resolve().parents[3]
WORKERS = 4
LIMIT = 10
LOCKOUT_SECONDS = 3  # short, so the test waits it out; servers use LOGIN_LOCKOUT_SECONDS


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(world, tmp_path):
    """gunicorn serving the app on loopback; yields its base URL and its access log, in which
    each line starts with the process id of the worker that answered."""
    port, log = free_port(), tmp_path / "access.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": database_url(), "LOGIN_FAILURE_LIMIT": str(LIMIT),
           "LOGIN_LOCKOUT_SECONDS": str(LOCKOUT_SECONDS),
           "PDF_STORAGE_PATH": str(tmp_path / "pdfs")}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--graceful-timeout", "5",
         "--access-logfile", str(log),
         "--access-logformat", "%(p)s %(s)s %(U)s"],
        cwd=APP_DIR, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base)
        yield base, log
    finally:
        # Workers get 5 s to finish (--graceful-timeout); a machine too busy even for that
        # must not turn a passed test into an error.
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_healthy(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/health/", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer in time")


def login(base: str, password: str) -> int:
    """One login on a connection of its own, so any worker may take it."""
    body = json.dumps({"username": "officer_a", "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback only)
        f"{base}/api/auth/login/", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def answers_by_worker(log: Path) -> list[tuple[str, str]]:
    lines = [line.split() for line in log.read_text().splitlines()]
    return [(pid.strip("<>"), status) for pid, status, path in lines if path == "/api/auth/login/"]


def test_the_eleventh_wrong_password_is_refused_by_every_worker_until_the_window_passes(
    gunicorn,
):
    base, log = gunicorn
    wrong = [login(base, "guess") for _ in range(LIMIT)]
    refused = [
        status for _ in range(3) for status in in_parallel(WORKERS, lambda: login(base, "guess"))
    ]
    right_during_lockout = in_parallel(WORKERS, lambda: login(base, PASSWORD))
    time.sleep(LOCKOUT_SECONDS + 0.5)
    right_after_the_window = login(base, PASSWORD)

    assert wrong == [401] * LIMIT
    assert refused == [429] * len(refused)
    assert right_during_lockout == [429] * WORKERS
    assert right_after_the_window == 200

    answers = answers_by_worker(log)
    refusing_workers = {pid for pid, status in answers if status == "429"}
    print_table(answers)
    assert len(refusing_workers) >= 2  # the refusals came from more than one process


def print_table(answers: list[tuple[str, str]]) -> None:
    print(f"\n{WORKERS} gunicorn workers, limit {LIMIT}, lockout window {LOCKOUT_SECONDS} s")
    for number, (pid, status) in enumerate(answers, start=1):
        print(f"  try {number:2}: worker {pid} answered {status}")
    per_worker = Counter((pid, status) for pid, status in answers)
    print("  per worker:", dict(sorted(per_worker.items())))
