"""Threat: password guessing that nobody notices, and lockouts lifted without a trace. Each
lockout is logged once (however many tries it then refuses), administrators see the log and
the failed attempts in the admin, and an unlock there is logged with the administrator's name."""

from axes.models import AccessAttempt
from django.test import Client

from mailtracker.security.models import LockoutEvent
from mailtracker.security.tests.test_password_guessing import LIMIT, api_login, staff_login
from mailtracker.testing.world import PASSWORD


def lock_out_officer_a(world, attempt=api_login, extra_tries=3):
    for _ in range(LIMIT + extra_tries):
        attempt(world, "guess")


def test_a_lockout_is_logged_once_with_the_account_address_and_form(world):
    lock_out_officer_a(world, staff_login)
    (event,) = LockoutEvent.objects.all()
    assert (event.kind, event.username, event.ip_address, event.path) == (
        LockoutEvent.Kind.LOCKED, "officer_a", "127.0.0.1", "/accounts/login/"
    )  # fmt: skip


def test_administrators_see_lockouts_and_failed_attempts_in_the_admin(client, world):
    lock_out_officer_a(world)
    client.force_login(world.head_admin)
    for page in ["/admin/security/lockoutevent/", "/admin/axes/accessattempt/",
                 "/admin/axes/accessfailurelog/"]:  # fmt: skip
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert b"officer_a" in answer.content, page


def test_an_unlock_in_the_admin_lets_the_person_in_and_is_logged_with_the_administrator(world):
    lock_out_officer_a(world)
    assert api_login(world, PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(world.head_admin)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    answer = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert answer.status_code == 302
    assert api_login(world, PASSWORD).status_code == 200
    unlock = LockoutEvent.objects.get(kind=LockoutEvent.Kind.UNLOCKED)
    assert (unlock.username, unlock.by) == ("officer_a", world.head_admin)


def test_the_lockout_log_cannot_be_edited_or_deleted_in_the_admin(client, world):
    lock_out_officer_a(world)
    event = LockoutEvent.objects.get()
    client.force_login(world.head_admin)
    assert client.post(f"/admin/security/lockoutevent/{event.pk}/delete/").status_code == 403
    assert client.post(f"/admin/security/lockoutevent/{event.pk}/change/", {}).status_code == 403
    assert LockoutEvent.objects.count() == 1
