"""Signup requests approved by an administrator, and CSV user import."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mailtracker.accounts import services
from mailtracker.accounts.models import SignupRequest

User = get_user_model()
GOOD_CSV = (
    "username,full_name,email,role,section,subsection,password\n"
    "new_clerk,Nina Clerk,nina@example.org,clerk,Administration,A,a-long-enough-pass-1\n"
    "new_officer,Otto Officer,otto@example.org,officer,Accounts,C,a-long-enough-pass-2\n"
)


def signup(world, **overrides):
    fields = {
        "username": "newbie", "full_name": "New Person", "email": "new@example.org",
        "password": "a-long-enough-pass-3", "requested_role": "clerk", "subsection": world.sub_a,
    }  # fmt: skip
    fields.update(overrides)
    return services.signup_request_create(**fields)


def test_an_approved_signup_request_becomes_an_account_with_the_chosen_password(world):
    request = signup(world)
    assert request.password_hash != "a-long-enough-pass-3"
    user = services.signup_request_approve(actor=world.head_admin, request=request)
    assert user.check_password("a-long-enough-pass-3")
    assert user.subsection == world.sub_a
    request.refresh_from_db()
    assert request.status == SignupRequest.Status.APPROVED
    with pytest.raises(ValidationError):
        services.signup_request_approve(actor=world.head_admin, request=request)


def test_a_rejected_request_creates_nobody(world):
    request = signup(world)
    services.signup_request_reject(actor=world.head_admin, request=request)
    assert not User.objects.filter(username="newbie").exists()


def test_only_administrators_decide(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.signup_request_approve(actor=world.officer_a, request=signup(world))


@pytest.mark.parametrize(
    "overrides",
    [{"username": "officer_a"}, {"password": "123"}, {"requested_role": "king"}],
)
def test_bad_signup_requests_are_refused(world, overrides):
    with pytest.raises(ValidationError):
        signup(world, **overrides)


def test_the_admin_approves_requests_in_bulk(client, world):
    signup(world, username="one")
    signup(world, username="two")
    client.force_login(world.head_admin)
    ids = list(SignupRequest.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/accounts/signuprequest/",
        {"action": "approve", "_selected_action": ids},
        follow=True,
    )
    assert response.status_code == 200
    assert set(
        User.objects.filter(username__in=["one", "two"]).values_list("username", flat=True)
    ) == {"one", "two"}


def test_the_csv_import_creates_every_user(world):
    result = services.users_import_csv(text=GOOD_CSV)
    assert result.errors == []
    assert User.objects.get(username="new_officer").subsection == world.sub_c
    assert User.objects.get(username="new_clerk").check_password("a-long-enough-pass-1")


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_line(world):
    bad = GOOD_CSV + "x,X Y,x@example.org,wizard,Administration,A,a-long-enough-pass-4\n"
    result = services.users_import_csv(text=bad)
    assert result.errors == [
        "line 4: unknown role 'wizard' (use one of head, section_head, officer, clerk, auditor)"
    ]
    assert not User.objects.filter(username__startswith="new_").exists()


def test_a_csv_without_the_columns_is_refused(world):
    assert services.users_import_csv(text="name,mail\n").errors[0].startswith("missing columns")


def test_the_import_command_reports_and_fails_on_errors(world, tmp_path, capsys):
    good = tmp_path / "users.csv"
    good.write_text(GOOD_CSV)
    call_command("import_users", str(good))
    assert "created 2 users" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_users", str(good))


def test_the_admin_csv_import_page_creates_users(client, world):
    client.force_login(world.head_admin)
    upload = SimpleUploadedFile("users.csv", GOOD_CSV.encode())
    response = client.post("/admin/accounts/user/import-csv/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert User.objects.filter(username__startswith="new_").count() == 2
