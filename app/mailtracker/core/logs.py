"""Log records as an office's log tooling wants them: with journald priorities and fields.

Under systemd (JOURNAL_STREAM is set when stderr goes to the journal) each record is sent to
journald's native socket with its PRIORITY, so `journalctl -u mailtracker -p err` lists the
app's errors, and with fields of the request it belongs to (REQUEST_ID, REQUEST_USER,
REQUEST_PATH, STATUS, DURATION_MS), so `journalctl -u mailtracker REQUEST_ID=...` finds every
line of one request. Elsewhere (a terminal, the test suite) records go to stderr as plain text.

No library does this with wheels for every Python the app supports (systemd-python builds from
source against libsystemd, cysystemd stops before 3.14), and the protocol is small and stable:
https://systemd.io/JOURNAL_NATIVE_PROTOCOL/
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
import struct
import sys

JOURNAL_SOCKET = "/run/systemd/journal/socket"
IDENTIFIER = "mailtracker"
# logging level -> syslog priority (3 err, 4 warning, 6 info, 7 debug).
PRIORITIES = ((logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))
CRITICAL_PRIORITY = 2
DEBUG_PRIORITY = 7
# The request being handled, whose fields every record logged meanwhile carries (set by
# core.middleware.RequestLogMiddleware).
current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


def priority(level: int) -> int:
    if level >= logging.CRITICAL:
        return CRITICAL_PRIORITY
    return next((value for floor, value in PRIORITIES if level >= floor), DEBUG_PRIORITY)


class RequestFields(logging.Filter):
    """Adds the current request's id, method, path and user to each record's journal fields
    (``record.journal_fields``, which a log call may also pass in ``extra``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = request_fields(current_request.get())
        fields.update(getattr(record, "journal_fields", None) or {})
        record.journal_fields = fields
        return True


def request_fields(request) -> dict[str, str]:
    if request is None:
        return {}
    fields = {
        "REQUEST_ID": request.request_id,
        "REQUEST_METHOD": request.method,
        "REQUEST_PATH": request.path,
    }
    # The user is known once authentication ran; a record logged before has no REQUEST_USER.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        fields["REQUEST_USER"] = user.get_username()
    return fields


class JournalHandler(logging.Handler):
    """Sends each record to journald as one datagram of KEY=VALUE fields.

    A record the journal refuses (too large for a datagram, journald gone) is written to stderr
    instead, which journald also collects, so nothing is lost.
    """

    def __init__(self, level: int = logging.NOTSET, path: str = JOURNAL_SOCKET) -> None:
        super().__init__(level)
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.sock.sendto(encode(self.fields(record)), self.path)
        except OSError:
            sys.stderr.write(f"<{priority(record.levelno)}>{self.format(record)}\n")
        except Exception:  # logging must never break the request it logs
            self.handleError(record)

    def fields(self, record: logging.LogRecord) -> dict[str, str]:
        fields = {
            "MESSAGE": self.format(record),
            "PRIORITY": str(priority(record.levelno)),
            "SYSLOG_IDENTIFIER": IDENTIFIER,
            "LOGGER": record.name,
            "CODE_FILE": record.pathname,
            "CODE_LINE": str(record.lineno),
            "CODE_FUNC": record.funcName or "",
        }
        for name, value in (getattr(record, "journal_fields", None) or {}).items():
            fields[name.upper()] = str(value)
        return fields

    def close(self) -> None:
        self.sock.close()
        super().close()


def encode(fields: dict[str, str]) -> bytes:
    """The native protocol: KEY=VALUE lines; a value with a newline is sent with its length."""
    parts = []
    for name, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            parts.append(name.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n")
        else:
            parts.append(name.encode() + b"=" + data + b"\n")
    return b"".join(parts)


def under_journald() -> bool:
    """systemd sets JOURNAL_STREAM for a service whose stderr it connects to the journal."""
    return bool(os.environ.get("JOURNAL_STREAM")) and os.path.exists(JOURNAL_SOCKET)


def handler() -> logging.Handler:
    """The handler LOGGING uses: journald's socket under systemd, stderr elsewhere."""
    return JournalHandler() if under_journald() else logging.StreamHandler()
