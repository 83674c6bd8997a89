"""HTTPS requests to the test host through nginx, as a browser or an integration sends them.

Standard library only: the checks run on the controller with its own Python. The test hosts use
a self-signed certificate, so certificates are not verified; nothing else is relaxed.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field

TIMEOUT = 30.0


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed on test hosts
    return context


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Client:
    """One keep-alive HTTPS connection to the host, optionally logged in with a JWT."""

    address: str
    token: str = ""
    timeout: float = TIMEOUT
    _connection: http.client.HTTPSConnection | None = field(default=None, repr=False)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request; a broken keep-alive connection is reopened once (as browsers do)."""
        all_headers = {"Host": self.address, **(headers or {})}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=all_headers)
                reply = connection.getresponse()
                return Response(
                    reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
                )
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2 or body is not None:
                    raise
        raise AssertionError("unreachable")

    def get_json(self, path: str) -> object:
        response = self.request("GET", path)
        if response.status != 200:
            raise AssertionError(f"GET {path} answered {response.status}: {response.body[:200]!r}")
        return response.json()

    def post_json(self, path: str, payload: dict) -> Response:
        return self.request(
            "POST", path, json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )

    def login(self, username: str, password: str) -> Client:
        response = self.post_json("/api/auth/login/", {"username": username, "password": password})
        if response.status != 200:
            raise AssertionError(
                f"login as {username} answered {response.status}: {response.body[:200]!r}"
            )
        self.token = response.json()["access"]
        return self

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPSConnection:
        if self._connection is None:
            self._connection = http.client.HTTPSConnection(
                self.address, 443, timeout=self.timeout, context=tls_context()
            )
        return self._connection


def multipart(
    field_name: str, file_name: str, content: bytes, fields: dict[str, str] | None = None
) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in (fields or {}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
        f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
    )
    parts.append(content + f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def raw_request(address: str, request_line_target: bytes, token: str = "") -> int:
    """Send a request whose target is exactly these bytes (no client-side normalisation of
    "..", "%2e" or NUL) and return the status code nginx answers; 0 when it closes instead."""
    head = b"GET " + request_line_target + b" HTTP/1.1\r\nHost: " + address.encode() + b"\r\n"
    if token:
        head += b"Authorization: Bearer " + token.encode() + b"\r\n"
    head += b"Connection: close\r\n\r\n"
    with (
        socket.create_connection((address, 443), timeout=TIMEOUT) as plain,
        tls_context().wrap_socket(plain) as tls,
    ):
        tls.sendall(head)
        reply = b""
        while b"\r\n" not in reply:
            chunk = tls.recv(4096)
            if not chunk:
                return 0
            reply += chunk
    return int(reply.split(b" ", 2)[1])


def wait_for_health(address: str, timeout: float) -> float:
    """Seconds until /api/health/ answers 200 through nginx; raises after timeout."""
    start = time.monotonic()
    last = "no answer"
    while time.monotonic() - start < timeout:
        client = Client(address, timeout=5)
        try:
            response = client.request("GET", "/api/health/")
            if response.status == 200:
                return time.monotonic() - start
            last = f"{response.status}"
        except OSError as error:
            last = str(error)
        finally:
            client.close()
        time.sleep(0.5)
    raise AssertionError(f"/api/health/ did not answer 200 within {timeout:.0f}s (last: {last})")
