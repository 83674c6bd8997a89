"""Threats against API tokens: one stolen refresh token replayed in parallel to mint several
live sessions, another person's refresh token revoked through logout, and tokens of accounts
that no longer exist."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from mailtracker.accounts.models import User
from mailtracker.accounts.roles import Role
from mailtracker.security.tests.concurrency import in_parallel

PARALLEL = 8


def refresh(client, token: str):
    return client.post("/api/auth/refresh/", {"refresh": token}, format="json")


@pytest.mark.django_db(transaction=True)
def test_one_refresh_token_sent_eight_times_at_once_is_rotated_only_once(world):
    token = str(RefreshToken.for_user(world.officer_a))

    answers = in_parallel(PARALLEL, lambda: refresh(APIClient(), token))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [401] * (PARALLEL - 1)
    (winner,) = [answer for answer in answers if answer.status_code == 200]
    assert refresh(APIClient(), winner.json()["refresh"]).status_code == 200


def test_a_rotated_refresh_token_rotates_again(api, world):
    token = str(RefreshToken.for_user(world.officer_a))
    for _ in range(3):
        answer = refresh(api, token)
        assert answer.status_code == 200
        token = answer.json()["refresh"]


def test_logging_out_with_someone_elses_refresh_token_is_refused_and_revokes_nothing(api, world):
    victims = str(RefreshToken.for_user(world.officer_b))

    answer = api.as_(world.officer_a).post("/api/auth/logout/", {"refresh": victims})

    assert answer.status_code == 403
    assert refresh(APIClient(), victims).status_code == 200


def test_logging_out_with_ones_own_refresh_token_still_revokes_it(api, world):
    own = str(RefreshToken.for_user(world.officer_a))
    assert api.as_(world.officer_a).post("/api/auth/logout/", {"refresh": own}).status_code == 205
    assert refresh(APIClient(), own).status_code == 401


def test_a_refresh_token_of_a_deleted_account_is_a_401(api, db):
    leaver = User.objects.create_user(username="leaver", password="x", role=Role.CLERK)
    token = str(RefreshToken.for_user(leaver))
    leaver.delete()
    assert refresh(api, token).status_code == 401


def test_a_refresh_token_of_a_deactivated_account_is_a_401(api, world):
    token = str(RefreshToken.for_user(world.officer_a))
    world.officer_a.is_active = False
    world.officer_a.save()
    assert refresh(api, token).status_code == 401
