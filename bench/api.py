"""A keep-alive HTTPS client for the app's JSON API (one connection, sequential requests), as an
integration would use it. The test host's certificate is self-signed: it is not verified."""

import base64
import http.client
import json
import ssl
import time
import uuid

# generate_register's default password of the bench users (a throwaway host's demo data).
PASSWORD = "bench-password-2026"  # noqa: S105


class ApiClient:
    def __init__(self, address: str, port: int = 443):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.connection = http.client.HTTPSConnection(address, port, context=context, timeout=120)
        self.token = ""

    def login(self, username: str, password: str = PASSWORD) -> "ApiClient":
        status, body = self.request(
            "POST",
            "/api/auth/login/",
            json.dumps({"username": username, "password": password}),
            {"Content-Type": "application/json"},
        )
        if status != 200:
            raise RuntimeError(f"login as {username}: {status} {body[:200]!r}")
        self.token = json.loads(body)["access"]
        return self

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def get_json(self, path: str):
        status, body = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        return json.loads(body)

    def timed_get(self, path: str) -> float:
        """Milliseconds from sending the request to the last byte of a 200 answer."""
        started = time.perf_counter()
        status, body = self.request("GET", path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        return elapsed

    def upload_pdf(self, record_id: int, pdf: bytes, name: str) -> dict:
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        body = head + pdf + f"\r\n--{boundary}--\r\n".encode()
        status, answer = self.request(
            "POST",
            f"/api/records/{record_id}/pdf/",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if status != 201:
            raise RuntimeError(f"upload of {name} ({len(pdf)} bytes): {status} {answer[:300]!r}")
        return json.loads(answer)


def cursor_before(record_id: int) -> str:
    """DRF's cursor for the page that starts after ``record_id`` in the newest-first order."""
    return base64.b64encode(f"p={record_id}".encode()).decode()
