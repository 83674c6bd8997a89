"""Threat: guessing a password. Every place that checks one — the API login, the staff login,
the admin login, the password change of the API and of the UI — counts wrong passwords against
one shared limit per client address and account: the 11th wrong try is refused (429), and so
is the right password, until the lockout window has passed. The counts live in PostgreSQL, so
every worker of every app host sees the same ones. Signup requests are limited the same way."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from mailtracker.testing.world import PASSWORD

LIMIT = 10
NEW_PASSWORD = "a-new-long-passphrase-42"


def api_login(world, password):
    return APIClient().post(
        "/api/auth/login/", {"username": "officer_a", "password": password}, format="json"
    )


def staff_login(world, password):
    return Client().post("/accounts/login/", {"username": "officer_a", "password": password})


def admin_login(world, password):
    return Client().post("/admin/login/?next=/admin/", {"username": "admin", "password": password})


def api_password_change(world, password):
    client = APIClient()
    client.force_authenticate(world.officer_a)
    body = {"old_password": password, "new_password": NEW_PASSWORD}
    return client.post("/api/auth/password/", body, format="json")


def ui_password_change(world, password):
    client = Client()
    client.force_login(world.officer_a)
    body = {"old_password": password, "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD}  # fmt: skip
    return client.post("/accounts/password/", body)


# Each place a password is checked, and how it answers a wrong one before the limit.
PASSWORD_CHECKS = {
    "api login": (api_login, 401),
    "staff login": (staff_login, 200),
    "admin login": (admin_login, 200),
    "api password change": (api_password_change, 400),
    "ui password change": (ui_password_change, 400),
}


@pytest.mark.parametrize("check", PASSWORD_CHECKS)
def test_the_eleventh_wrong_password_is_refused_and_so_is_the_right_one(world, check):
    attempt, wrong_answer = PASSWORD_CHECKS[check]
    answers = [attempt(world, "guess").status_code for _ in range(LIMIT)]
    assert answers == [wrong_answer] * LIMIT

    assert attempt(world, "guess").status_code == 429
    refused = attempt(world, PASSWORD)
    assert refused.status_code == 429
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(PASSWORD)  # no password change got through


def test_a_superuser_locked_out_of_the_admin_does_not_get_in_with_the_right_password(world):
    for _ in range(LIMIT + 15):
        admin_login(world, "guess")
    client = Client()
    answer = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})
    assert answer.status_code == 429
    assert b"Too many" in answer.content
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_wrong_passwords_count_together_whichever_form_they_come_through(world):
    checks = [api_login, staff_login, api_password_change, ui_password_change]
    for index in range(LIMIT):
        checks[index % len(checks)](world, "guess")
    for check in checks:
        assert check(world, PASSWORD).status_code == 429


def test_the_count_survives_another_process_because_it_is_kept_in_the_database(world):
    for _ in range(LIMIT):
        api_login(world, "guess")
    cache.clear()  # what another gunicorn worker, or another app host, would start from
    assert api_login(world, PASSWORD).status_code == 429


def test_the_api_says_when_to_try_again(world):
    for _ in range(LIMIT):
        api_login(world, "guess")
    answer = api_login(world, "guess")
    assert answer.status_code == 429
    assert 0 < int(answer["Retry-After"]) <= 15 * 60
    assert "Too many failed attempts" in answer.json()["detail"]


def test_the_right_password_works_again_after_the_lockout_window(world, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for _ in range(LIMIT + 1):
        api_login(world, "guess")
    assert api_login(world, PASSWORD).status_code == 429
    time.sleep(1.1)
    assert api_login(world, PASSWORD).status_code == 200


def test_a_lockout_holds_one_address_and_account_only(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def login_from(address, username, password):
        return APIClient().post(
            "/api/auth/login/",
            {"username": username, "password": password},
            format="json",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(LIMIT + 1):
        login_from("10.0.0.7", "officer_a", "guess")
    assert login_from("10.0.0.7", "officer_a", PASSWORD).status_code == 429
    # A colleague behind the same office proxy logs in to their own account.
    assert login_from("10.0.0.7", "officer_b", PASSWORD).status_code == 200
    # The attacked account is still usable from another desk.
    assert login_from("10.0.0.8", "officer_a", PASSWORD).status_code == 200


def test_signup_requests_from_one_address_are_limited(client, world):
    answers = [client.post("/accounts/signup/", {}).status_code for _ in range(LIMIT)]
    assert 429 not in answers
    refused = client.post("/accounts/signup/", {})
    assert refused.status_code == 429
    assert b"Too many" in refused.content
