"""Tokens an attacker might try: expired, forged, unsigned, reused, or given up."""

import base64
import json
from datetime import timedelta

from rest_framework_simplejwt.tokens import AccessToken

from mailtracker.testing.world import PASSWORD


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def status_with(api, token: str) -> int:
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api.get("/api/records/").status_code


def tokens(api, username="officer_a"):
    return api.post(
        "/api/auth/login/", {"username": username, "password": PASSWORD}, format="json"
    ).json()


def test_an_expired_access_token_is_a_401(api, world):
    token = AccessToken.for_user(world.officer_a)
    token.set_exp(lifetime=-timedelta(seconds=1))
    assert status_with(api, str(token)) == 401


def test_a_token_signed_with_another_key_is_a_401(api, world):
    header, payload, _ = tokens(api)["access"].split(".")
    forged = b64({**json.loads(base64.urlsafe_b64decode(payload + "==")), "user_id": world.head.pk})
    assert status_with(api, f"{header}.{forged}.c2lnbmF0dXJl") == 401


def test_an_unsigned_alg_none_token_is_a_401(api, world):
    _, payload, _ = tokens(api)["access"].split(".")
    assert status_with(api, f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.") == 401


def test_a_refresh_token_used_as_an_access_token_is_a_401(api, world):
    assert status_with(api, tokens(api)["refresh"]) == 401


def test_the_access_token_used_to_log_out_is_refused_afterwards(api, world):
    pair = tokens(api)
    assert status_with(api, pair["access"]) == 200
    assert api.post("/api/auth/logout/", {"refresh": pair["refresh"]}).status_code == 205
    assert status_with(api, pair["access"]) == 401


def test_logging_out_on_one_device_leaves_the_other_signed_in(api, world):
    laptop, phone = tokens(api), tokens(api)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {laptop['access']}")
    api.post("/api/auth/logout/", {"refresh": laptop["refresh"]})
    assert status_with(api, phone["access"]) == 200
