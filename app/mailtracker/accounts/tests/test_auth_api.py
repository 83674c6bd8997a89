"""Logging in, tokens and self-service password change (the password limiter: security/)."""

import pytest

from mailtracker.testing.world import PASSWORD

LOGIN = "/api/auth/login/"


def login(api, username, password=PASSWORD, **extra):
    return api.post(LOGIN, {"username": username, "password": password}, format="json", **extra)


def test_login_returns_an_access_and_a_refresh_token_that_work(api, world):
    response = login(api, "officer_a")
    assert response.status_code == 200
    tokens = response.json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api.get("/api/me/").json()
    assert me["username"] == "officer_a"
    assert me["role_label"] == "Officer"


def test_a_wrong_password_is_a_401(api, world):
    assert login(api, "officer_a", "wrong").status_code == 401


def test_a_refresh_token_rotates_and_the_old_one_is_refused(api, world):
    refresh = login(api, "officer_a").json()["refresh"]
    first = api.post("/api/auth/refresh/", {"refresh": refresh}, format="json")
    assert first.status_code == 200
    assert first.json()["refresh"] != refresh
    reused = api.post("/api/auth/refresh/", {"refresh": refresh}, format="json")
    assert reused.status_code == 401


def test_a_garbage_bearer_token_is_a_401(api, world):
    api.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    assert api.get("/api/records/").status_code == 401


def test_logout_revokes_the_refresh_token(api, world):
    tokens = login(api, "officer_a").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.post("/api/auth/logout/", {"refresh": tokens["refresh"]}).status_code == 205
    api.credentials()
    assert api.post("/api/auth/refresh/", {"refresh": tokens["refresh"]}).status_code == 401


def test_logout_with_a_bad_token_is_a_400(api, world):
    assert api.as_(world.officer_a).post("/api/auth/logout/", {"refresh": "x"}).status_code == 400


def test_changing_the_password_revokes_old_tokens(api, world):
    tokens = login(api, "officer_a").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    new = "a-much-better-passphrase-2026"
    response = api.post(
        "/api/auth/password/", {"old_password": PASSWORD, "new_password": new}, format="json"
    )
    assert response.status_code == 204
    assert api.get("/api/me/").status_code == 401  # the old access token is dead too
    api.credentials()
    assert api.post("/api/auth/refresh/", {"refresh": tokens["refresh"]}).status_code == 401
    assert login(api, "officer_a", new).status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [("wrong", "a-much-better-passphrase-2026", "old_password"), (PASSWORD, "123", None)],
)
def test_a_bad_password_change_is_a_400_and_changes_nothing(api, world, old, new, field):
    response = api.as_(world.officer_a).post(
        "/api/auth/password/", {"old_password": old, "new_password": new}, format="json"
    )
    assert response.status_code == 400
    if field:
        assert field in response.json()
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(PASSWORD)


def test_the_user_list_and_subsections_need_a_login(api, world):
    assert api.get("/api/users/").status_code == 401
    assert api.get("/api/subsections/").status_code == 401
    names = {u["username"] for u in api.as_(world.clerk_a).get("/api/users/").json()}
    assert {"officer_a", "head"} <= names


def test_subsections_offered_for_registration_follow_the_role(api, world):
    def offered(user):
        return {s["name"] for s in api.as_(user).get("/api/subsections/").json()}

    assert offered(world.head) == {"A", "B", "C"}
    assert offered(world.section_head) == {"A", "B"}
    assert offered(world.clerk_a) == {"A"}
    assert offered(world.auditor_a) == {"A"}


def test_role_labels_are_configurable(api, world, settings):
    settings.ROLE_LABELS = {"officer": "SrAO"}
    assert api.as_(world.officer_a).get("/api/me/").json()["role_label"] == "SrAO"
