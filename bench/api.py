"""A keep-alive HTTPS client for the app's JSON API (one connection, sequential requests), as an
integration would use it. The test host's certificate is self-signed: it is not verified."""

import base64
import http.client
import json
import re
import ssl
import time
import uuid
from urllib.parse import urlencode

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


class WebClient(ApiClient):
    """The staff UI's client: logs in through the login form, as a browser does, and sends the
    session cookie with each request over one keep-alive connection."""

    def login(self, username: str, password: str = PASSWORD) -> "WebClient":
        status, body, cookies = self._form_request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, body, cookies = self._form_request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken']}",
                # Django checks the Referer of HTTPS form posts against the host.
                "Referer": f"https://{self.connection.host}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"web login as {username}: {status} {body[:200]!r}")
        self.cookie = f"sessionid={cookies['sessionid']}"
        return self

    def _form_request(self, method, path, body=None, headers=None):
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        cookies = {}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read(), cookies

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        return super().request(method, path, body, {**(headers or {}), "Cookie": self.cookie})
