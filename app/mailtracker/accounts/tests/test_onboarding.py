"""Onboarding: signup requests decided by a superuser (rule 15), and importing users, the org
tree and a whole office (rule 16)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mailtracker.accounts import services
from mailtracker.accounts.models import SignupRequest
from mailtracker.core.tabular import read_rows
from mailtracker.org.models import Office, Section, Subsection

User = get_user_model()
GOOD_CSV = (
    "username,full_name,email,role,designation,section,subsection,managed_sections,"
    "audited_subsections,password\n"
    "new_clerk,Nina Clerk,nina@example.org,clerk,UDC,Administration,A,,,a-long-enough-pass-1\n"
    "new_officer,Otto Officer,otto@example.org,officer,AAO,Accounts,C,,,a-long-enough-pass-2\n"
    "new_dag,Dora Dag,dora@example.org,section_head,DAG,,,Administration;Accounts,,"
    "a-long-enough-pass-5\n"
    "new_auditor,Abe Aud,abe@example.org,auditor,Sr. Auditor,,,,Administration/A;Accounts/C,"
    "a-long-enough-pass-6\n"
)


def csv_rows(text):
    return read_rows(text, kind="csv", required=services.USER_COLUMNS)


def signup(world, **overrides):
    fields = {
        "username": "newbie", "full_name": "New Person", "email": "new@example.org",
        "password": "a-long-enough-pass-3", "requested_role": "clerk", "subsection": world.sub_a,
        "designation": "LDC",
    }  # fmt: skip
    fields.update(overrides)
    return services.signup_request_create(**fields)


class TestRule15Signup:
    def test_an_approved_request_becomes_an_account_with_the_chosen_password(self, world):
        request = signup(world)
        assert request.password_hash != "a-long-enough-pass-3"
        user = services.signup_request_approve(actor=world.head_admin, request=request)
        assert user.check_password("a-long-enough-pass-3")
        assert (user.subsection, user.designation, user.role) == (world.sub_a, "LDC", "clerk")
        request.refresh_from_db()
        assert request.status == SignupRequest.Status.APPROVED
        with pytest.raises(ValidationError):
            services.signup_request_approve(actor=world.head_admin, request=request)

    @pytest.mark.parametrize("role", ["head", "section_head", "king"])
    def test_rule_15_signup_may_ask_only_for_officer_clerk_or_auditor(self, world, role):
        with pytest.raises(ValidationError) as refused:
            signup(world, requested_role=role)
        assert "requested_role" in refused.value.message_dict

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"designation": " "}, "designation"),
            ({"username": "has space"}, "username"),
            ({"username": "semi;colon"}, "username"),
            ({"password": "123"}, "password"),
        ],
    )
    def test_rule_15_a_designation_djangos_username_rule_and_a_good_password(
        self, world, overrides, field
    ):
        with pytest.raises(ValidationError) as refused:
            signup(world, **overrides)
        assert field in refused.value.message_dict

    def test_rule_15_blocked_email_domains_and_their_subdomains_are_refused(self, world, settings):
        settings.SIGNUP_BLOCKED_EMAIL_DOMAINS = ["mailinator.com"]
        for address in ("x@mailinator.com", "x@eu.MAILINATOR.com"):
            with pytest.raises(ValidationError) as refused:
                signup(world, email=address)
            assert "email" in refused.value.message_dict
        assert signup(world, email="x@notmailinator.com").pk

    def test_rule_15_a_taken_username_is_not_revealed_at_signup(self, world):
        request = signup(world, username="officer_a")
        assert request.status == SignupRequest.Status.PENDING
        assert services.signup_request_problems(request) == [
            "the username 'officer_a' is taken by an existing account"
        ]

    def test_rule_15_approving_a_username_taken_meanwhile_is_a_clear_refusal(self, world):
        request = signup(world, username="late")
        User.objects.create_user(username="LATE", password="x-y-z-long-pass")
        with pytest.raises(ValidationError, match="taken by an existing account"):
            services.signup_request_approve(actor=world.head_admin, request=request)
        request.refresh_from_db()
        assert request.status == SignupRequest.Status.PENDING

    def test_rule_15_the_superuser_sets_the_scope_before_approving(self, world):
        request = signup(world, requested_role="auditor", subsection=None)
        with pytest.raises(ValidationError, match="audited subsection"):
            services.signup_request_approve(actor=world.head_admin, request=request)
        request.requested_role = "section_head"
        request.save()
        request.managed_sections.add(world.accounts_section)
        user = services.signup_request_approve(actor=world.head_admin, request=request)
        assert list(user.managed_sections.all()) == [world.accounts_section]

    def test_rule_15_only_superusers_decide(self, world):
        world.head.is_staff = True
        world.head.save()
        with pytest.raises(PermissionDenied):
            services.signup_request_approve(actor=world.head, request=signup(world))
        with pytest.raises(PermissionDenied):
            services.signup_request_reject(actor=world.head, request=signup(world, username="b"))

    def test_a_rejected_request_creates_nobody(self, world):
        request = signup(world)
        services.signup_request_reject(actor=world.head_admin, request=request)
        assert not User.objects.filter(username="newbie").exists()

    def test_the_admin_sets_the_scope_then_approves_in_bulk_and_sees_every_refusal(
        self, client, world
    ):
        one = signup(world, username="one", requested_role="auditor", subsection=None)
        signup(world, username="two")
        signup(world, username="officer_a")  # taken
        client.force_login(world.head_admin)
        change = client.post(
            f"/admin/accounts/signuprequest/{one.pk}/change/",
            {
                "requested_role": "auditor", "designation": "Sr. Auditor", "subsection": "",
                "audited_subsections": [world.sub_b.pk],
            },
        )  # fmt: skip
        assert change.status_code == 302
        ids = list(SignupRequest.objects.values_list("pk", flat=True))
        response = client.post(
            "/admin/accounts/signuprequest/",
            {"action": "approve", "_selected_action": ids},
            follow=True,
        )
        assert response.status_code == 200
        assert "Cannot approve officer_a: the username" in response.content.decode()
        assert list(User.objects.get(username="one").audited_subsections.all()) == [world.sub_b]
        assert User.objects.filter(username="two").exists()


class TestRule16Import:
    def test_rule_16_the_csv_import_sets_role_designation_and_every_scope_link(self, world):
        result = services.users_import(rows=csv_rows(GOOD_CSV))
        assert result.errors == []
        officer = User.objects.get(username="new_officer")
        assert (officer.subsection, officer.designation) == (world.sub_c, "AAO")
        assert User.objects.get(username="new_clerk").check_password("a-long-enough-pass-1")
        dag = User.objects.get(username="new_dag")
        assert set(dag.managed_sections.all()) == {world.admin_section, world.accounts_section}
        auditor = User.objects.get(username="new_auditor")
        assert set(auditor.audited_subsections.all()) == {world.sub_a, world.sub_c}

    def test_rule_16_json_carries_the_same_columns(self, world):
        people = [
            {"username": "j_dag", "full_name": "Jo Dag", "email": "j@example.org",
             "role": "section_head", "designation": "DAG", "managed_sections": ["Accounts"],
             "password": "a-long-enough-pass-7"},
        ]  # fmt: skip
        rows = read_rows(json.dumps(people), kind="json", required=services.USER_COLUMNS)
        assert services.users_import(rows=rows).created == ["j_dag"]
        assert list(User.objects.get(username="j_dag").managed_sections.all()) == [
            world.accounts_section
        ]

    def test_rule_16_one_bad_row_imports_nothing_and_every_error_names_its_line(self, world):
        bad = GOOD_CSV + (
            "x,X Y,x@example.org,wizard,,Administration,A,,,a-long-enough-pass-4\n"
            "y,Y Z,y@example.org,auditor,,,,,Nowhere/Z,a-long-enough-pass-4\n"
            "new_clerk,Twice,t@example.org,clerk,,Administration,A,,,a-long-enough-pass-4\n"
            "z,Z Z,z@example.org,section_head,,,,,,a-long-enough-pass-4\n"
        )
        result = services.users_import(rows=csv_rows(bad))
        assert result.errors == [
            "line 6: unknown role 'wizard' "
            "(use one of head, section_head, officer, clerk, auditor)",
            "line 7: no subsection 'Z' in section 'Nowhere'",
            "line 8: new_clerk appears twice in the file",
            "line 9: a Section head needs managed sections",
        ]
        assert not User.objects.filter(username__startswith="new_").exists()

    def test_a_file_without_the_columns_or_not_json_is_refused(self, world):
        with pytest.raises(ValidationError, match="missing columns"):
            csv_rows("name,mail\nx,y\n")
        with pytest.raises(ValidationError, match="Not valid JSON"):
            read_rows("{oops", kind="json", required=services.USER_COLUMNS)

    def test_the_import_command_reports_and_fails_on_errors(self, world, tmp_path, capsys):
        good = tmp_path / "users.csv"
        good.write_text(GOOD_CSV)
        call_command("import_users", str(good))
        assert "created 4 users" in capsys.readouterr().out
        with pytest.raises(CommandError, match="already exists"):
            call_command("import_users", str(good))

    def test_the_admin_import_page_takes_csv_and_json(self, client, world):
        client.force_login(world.head_admin)
        upload = SimpleUploadedFile("users.csv", GOOD_CSV.encode())
        response = client.post("/admin/accounts/user/import-csv/", {"file": upload}, follow=True)
        assert response.status_code == 200
        assert User.objects.filter(username__startswith="new_").count() == 4
        broken = SimpleUploadedFile("users.json", b"[1, 2]")
        response = client.post("/admin/accounts/user/import-csv/", {"file": broken})
        assert "list of objects" in response.content.decode()


ORG_CSV = "office,section,subsection\nNew Office,Pensions,P-1\nNew Office,Pensions,P-2\n"
USERS_JSON = [
    {"username": "p_head", "full_name": "Pia Head", "email": "p@example.org", "role": "head",
     "designation": "AG", "password": "a-long-enough-pass-8"},
    {"username": "p_officer", "full_name": "Pat Off", "email": "po@example.org",
     "role": "officer", "designation": "SrAO", "section": "Pensions", "subsection": "P-1",
     "password": ""},
]  # fmt: skip


class TestRule16Bootstrap:
    def test_rule_16_the_org_tree_imports_and_a_second_run_changes_nothing(
        self, db, tmp_path, capsys
    ):
        org = tmp_path / "org.csv"
        org.write_text(ORG_CSV)
        call_command("import_org", str(org))
        assert "created 4" in capsys.readouterr().out
        call_command("import_org", str(org))
        assert "created 0" in capsys.readouterr().out
        assert list(Subsection.objects.values_list("name", flat=True)) == ["P-1", "P-2"]

    def test_rule_16_one_idempotent_command_builds_an_office(self, db, tmp_path, capsys):
        org, users = tmp_path / "org.csv", tmp_path / "users.json"
        org.write_text(ORG_CSV)
        users.write_text(json.dumps(USERS_JSON))
        call_command("bootstrap_office", "--org", str(org), "--users", str(users))
        assert "users: 2 created, 0 already there" in capsys.readouterr().out
        officer = User.objects.get(username="p_officer")
        assert officer.subsection.section.office.name == "New Office"
        assert not officer.has_usable_password()  # blank: an administrator sets it
        call_command("bootstrap_office", "--org", str(org), "--users", str(users))
        assert "org: 0 created; users: 0 created, 2 already there" in capsys.readouterr().out
        assert (Office.objects.count(), Section.objects.count(), User.objects.count()) == (1, 1, 2)

    def test_a_bootstrap_with_a_bad_users_file_leaves_no_org_behind(self, db, tmp_path):
        org, users = tmp_path / "org.csv", tmp_path / "users.json"
        org.write_text(ORG_CSV)
        users.write_text(json.dumps([{**USERS_JSON[1], "subsection": "P-9"}]))
        with pytest.raises(CommandError, match="entry 1: no subsection 'P-9'"):
            call_command("bootstrap_office", "--org", str(org), "--users", str(users))
        assert not Office.objects.exists()


class TestOrgImportRefusals:
    def test_rows_without_a_section_are_all_named_and_nothing_is_made(self, db):
        from mailtracker.org.services import org_import

        rows = read_rows(
            "office,section,subsection\nX,,A\nX,Pensions,P\nX,,B\n", kind="csv",
            required={"section", "subsection"},
        )  # fmt: skip
        result = org_import(rows=rows)
        assert result.errors == ["line 2: section is empty", "line 4: section is empty"]
        assert not Office.objects.exists()

    def test_the_office_must_be_named_once_unless_there_is_only_one(self, db, tmp_path):
        org = tmp_path / "org.csv"
        org.write_text("section,subsection\nPensions,P-1\n")
        with pytest.raises(CommandError, match="Name the office"):
            call_command("import_org", str(org))
        Office.objects.create(name="The only one")
        call_command("import_org", str(org))
        assert Section.objects.get().office.name == "The only one"
        org.write_text("office,section,subsection\nOne,S,\nTwo,S,\n")
        with pytest.raises(CommandError, match="One office per file, found: One, Two"):
            call_command("import_org", str(org))
