import pytest
from django.urls import reverse

from mailtracker.accounts.models import SignupRequest
from mailtracker.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_logs_a_person_in_and_sends_them_to_the_dashboard(client, world):
    page = client.get(reverse("web:login"))
    assert page.status_code == 200
    assert b'<label for="id_username">Username</label>' in page.content

    answer = client.post(reverse("web:login"), {"username": "clerk_a", "password": PASSWORD})

    assert answer.status_code == 302
    assert answer["Location"] == "/"
    assert client.get("/").context["user"] == world.clerk_a


def test_a_wrong_password_is_refused_with_a_message(client, world):
    answer = client.post(reverse("web:login"), {"username": "clerk_a", "password": "wrong"})
    assert answer.status_code == 200
    assert b"did not match" in answer.content
    assert client.get("/").status_code == 302


def test_logging_out_ends_the_session(browser_as, world):
    client = browser_as(world.clerk_a)
    answer = client.post(reverse("web:logout"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("web:login")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "url_name", ["dashboard", "record-list", "record-create", "password-change"]
)
def test_pages_send_an_anonymous_visitor_to_the_login_page(client, url_name):
    answer = client.get(reverse(f"web:{url_name}"))
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/?next=")


def test_a_person_changes_their_password_and_stays_logged_in(browser_as, world):
    client = browser_as(world.officer_a)
    assert client.get(reverse("web:password-change")).status_code == 200
    answer = client.post(
        reverse("web:password-change"),
        {
            "old_password": PASSWORD,
            "new_password": "a-new-long-passphrase-42",
            "new_password_again": "a-new-long-passphrase-42",
        },
    )
    assert answer.status_code == 302
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password("a-new-long-passphrase-42")
    assert client.get("/").status_code == 200


def test_a_wrong_current_password_is_shown_beside_its_field(browser_as, world):
    client = browser_as(world.officer_a)
    answer = client.post(
        reverse("web:password-change"),
        {
            "old_password": "not-it",
            "new_password": "a-new-long-passphrase-42",
            "new_password_again": "a-new-long-passphrase-42",
        },
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["old_password"] == ["The current password is not correct."]
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_with_the_validators_message(browser_as, world):
    client = browser_as(world.officer_a)
    answer = client.post(
        reverse("web:password-change"),
        {"old_password": PASSWORD, "new_password": "12345", "new_password_again": "12345"},
    )
    assert answer.status_code == 400
    assert "This password is too short" in " ".join(answer.context["form"].errors["new_password"])


def signup_form(world, **overrides) -> dict:
    fields = {
        "username": "new_clerk",
        "full_name": "New Clerk",
        "email": "new@example.org",
        "requested_role": "clerk",
        "designation": "LDC",
        "subsection": world.sub_a.pk,
        "password": "a-long-enough-passphrase",
        "password_again": "a-long-enough-passphrase",
    }
    fields.update(overrides)
    return fields


def test_a_signup_request_is_stored_for_an_administrator_to_decide(client, world):
    page = client.get(reverse("web:signup"))
    assert page.status_code == 200
    answer = client.post(reverse("web:signup"), signup_form(world))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("web:signup-done")
    request = SignupRequest.objects.get(username="new_clerk")
    assert request.status == SignupRequest.Status.PENDING
    assert (request.subsection, request.designation) == (world.sub_a, "LDC")
    assert "a-long-enough-passphrase" not in request.password_hash


def test_rule_15_signup_answers_the_same_for_a_taken_username(client, world):
    taken = client.post(reverse("web:signup"), signup_form(world, username="clerk_a"))
    free = client.post(reverse("web:signup"), signup_form(world, username="free_name"))
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert SignupRequest.objects.filter(username="clerk_a").exists()  # the admin sees the clash


def test_rule_15_the_signup_form_offers_only_the_signup_roles_by_their_titles(client, settings):
    settings.ROLE_LABELS = {"officer": "SrAO", "head": "AG"}
    page = client.get(reverse("web:signup"))
    assert b'<option value="officer">SrAO</option>' in page.content
    assert b'value="head"' not in page.content
    assert b'value="section_head"' not in page.content


def test_rule_15_a_blocked_domain_and_a_bad_username_are_named_beside_their_fields(
    client, world, settings
):
    settings.SIGNUP_BLOCKED_EMAIL_DOMAINS = ["example.org"]
    answer = client.post(
        reverse("web:signup"), signup_form(world, username="two words", requested_role="head")
    )
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert {"username", "requested_role"} <= set(errors)
    assert not SignupRequest.objects.exists()
    answer = client.post(reverse("web:signup"), signup_form(world))
    assert "office address" in answer.context["form"].errors["email"][0]
    assert b'value="New Clerk"' in answer.content  # nothing to retype
