"""The records API, per role: who sees which records and who may take which action."""

import pytest

from mailtracker.audit.models import AuditEvent
from mailtracker.records.models import Assignment, MailRecord, Status

RECORDS = "/api/records/"


def body(**overrides):
    data = {
        "letter_number": "LN/9",
        "letter_date": "2026-03-01",
        "received_date": "2026-03-02",
        "subject": "Budget re-appropriation",
        "from_office": "Finance Ministry",
        "action_required": "Reply within a week",
        "due_date": "2026-03-30",
    }
    data.update(overrides)
    return data


def serials_seen_by(api, user):
    response = api.as_(user).get(RECORDS)
    assert response.status_code == 200
    return {item["serial"] for item in response.json()["results"]}


@pytest.fixture
def one_per_subsection(world, make_record):
    """One record in each of the subsections A, B (Administration) and C (Accounts)."""
    return {
        "a": make_record(subject="In A"),
        "b": make_record(actor=world.officer_b, subsection=world.sub_b, subject="In B"),
        "c": make_record(actor=world.officer_c, subsection=world.sub_c, subject="In C"),
    }


class TestWhoSeesWhat:
    def test_the_head_sees_every_record(self, api, world, one_per_subsection):
        assert serials_seen_by(api, world.head) == {r.serial for r in one_per_subsection.values()}

    def test_a_section_head_sees_the_records_of_the_sections_they_manage(
        self, api, world, one_per_subsection
    ):
        expected = {one_per_subsection["a"].serial, one_per_subsection["b"].serial}
        assert serials_seen_by(api, world.section_head) == expected

    @pytest.mark.parametrize("person", ["officer_a", "clerk_a", "auditor_a"])
    def test_officers_clerks_and_auditors_see_only_their_subsections(
        self, api, world, one_per_subsection, person
    ):
        assert serials_seen_by(api, getattr(world, person)) == {one_per_subsection["a"].serial}

    def test_an_officer_of_another_section_sees_only_their_own(
        self, api, world, one_per_subsection
    ):
        assert serials_seen_by(api, world.officer_c) == {one_per_subsection["c"].serial}

    def test_a_person_assigned_a_record_outside_their_scope_sees_it(
        self, api, world, one_per_subsection
    ):
        from mailtracker.records.services import record_assign

        record_assign(actor=world.head, record=one_per_subsection["a"], assignees=[world.officer_c])
        assert one_per_subsection["a"].serial in serials_seen_by(api, world.officer_c)

    def test_a_record_outside_the_scope_is_404_not_403(self, api, world, one_per_subsection):
        record = one_per_subsection["c"]
        assert api.as_(world.officer_a).get(f"{RECORDS}{record.pk}/").status_code == 404
        patch = api.as_(world.officer_a).patch(f"{RECORDS}{record.pk}/", {"subject": "x"})
        assert patch.status_code == 404

    def test_anonymous_requests_get_401(self, api, one_per_subsection):
        record = one_per_subsection["a"]
        assert api.get(RECORDS).status_code == 401
        assert api.post(RECORDS, body(), format="json").status_code == 401
        assert api.get(f"{RECORDS}{record.pk}/").status_code == 401
        assert api.post(f"{RECORDS}{record.pk}/close/", {}).status_code == 401


class TestCreating:
    def test_a_clerk_registers_a_letter_in_their_subsection(self, api, world):
        response = api.as_(world.clerk_a).post(RECORDS, body(), format="json")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["serial"] == "2026/001"
        assert data["status"] == "created"
        assert data["subsection"]["id"] == world.sub_a.pk
        assert data["section"]["id"] == world.admin_section.pk
        assert AuditEvent.objects.get(record_id=data["id"]).action == "create"

    def test_a_clerk_cannot_register_in_another_subsection(self, api, world):
        response = api.as_(world.clerk_a).post(
            RECORDS, body(subsection=world.sub_b.pk), format="json"
        )
        assert response.status_code == 403
        assert not MailRecord.objects.exists()

    def test_the_head_must_choose_a_subsection(self, api, world):
        response = api.as_(world.head).post(RECORDS, body(), format="json")
        assert response.status_code == 400
        assert "subsection" in response.json()

    def test_a_section_head_registers_in_any_subsection_of_their_section(self, api, world):
        response = api.as_(world.section_head).post(
            RECORDS, body(subsection=world.sub_b.pk), format="json"
        )
        assert response.status_code == 201
        response = api.as_(world.section_head).post(
            RECORDS, body(subsection=world.sub_c.pk), format="json"
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("subject", ""),
            ("letter_date", "not-a-date"),
            ("action_required", "x" * 501),
            ("due_date", "2026-02-01"),  # before the letter was received
            ("letter_date", "2026-04-01"),  # after it was received
        ],
    )
    def test_bad_input_is_refused_with_the_field_named(self, api, world, field, value):
        response = api.as_(world.clerk_a).post(RECORDS, body(**{field: value}), format="json")
        assert response.status_code == 400
        assert field in response.json()
        assert not MailRecord.objects.exists()

    def test_serials_restart_each_year_and_are_consecutive(self, api, world):
        client = api.as_(world.clerk_a)
        serials = [
            client.post(RECORDS, body(received_date=day, letter_date=day, due_date=None),
                        format="json").json()["serial"]
            for day in ["2025-12-30", "2026-01-02", "2026-01-03", "2025-12-31"]
        ]  # fmt: skip
        assert serials == ["2025/001", "2026/001", "2026/002", "2025/002"]


class TestWorkflow:
    @pytest.fixture
    def record(self, make_record):
        return make_record()

    def post(self, api, user, record, action, data=None):
        return api.as_(user).post(f"{RECORDS}{record.pk}/{action}/", data or {}, format="json")

    def test_a_section_head_assigns_to_two_officers_in_parallel(self, api, world, record):
        response = self.post(
            api, world.section_head, record, "assign",
            {"assignees": [world.officer_a.pk, world.officer_a2.pk], "instructions": "Both"},
        )  # fmt: skip
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "assigned"
        assert {a["assignee"]["username"] for a in data["assignments"]} == {
            "officer_a",
            "officer_a2",
        }
        assert all(a["state"] == "active" for a in data["assignments"])

    @pytest.mark.parametrize("person", ["officer_a", "clerk_a", "auditor_a"])
    def test_people_who_do_not_manage_the_section_cannot_assign(self, api, world, record, person):
        response = self.post(
            api, getattr(world, person), record, "assign", {"assignees": [world.officer_a.pk]}
        )
        assert response.status_code == 403
        assert not Assignment.objects.exists()

    def test_assigning_nobody_is_a_400(self, api, world, record):
        response = self.post(api, world.head, record, "assign", {"assignees": []})
        assert response.status_code == 400

    def test_an_officer_passes_an_assignment_on_forming_a_chain(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        first = Assignment.objects.get()
        response = api.as_(world.officer_a).post(
            f"/api/assignments/{first.pk}/reassign/", {"assignee": world.officer_a2.pk}
        )
        assert response.status_code == 201
        assert response.json()["parent"] == first.pk
        first.refresh_from_db()
        record.refresh_from_db()
        assert first.state == "reassigned"
        assert record.current_handler == world.officer_a2
        # The officer has passed it on and may not pass it on again.
        again = api.as_(world.officer_a).post(
            f"/api/assignments/{first.pk}/reassign/", {"assignee": world.officer_b.pk}
        )
        assert again.status_code == 403

    def test_someone_else_cannot_reassign_an_assignment_they_do_not_hold(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        assignment = Assignment.objects.get()
        response = api.as_(world.clerk_a).post(
            f"/api/assignments/{assignment.pk}/reassign/", {"assignee": world.clerk_a.pk}
        )
        assert response.status_code == 403

    def test_reassigning_an_assignment_outside_the_scope_is_404(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        assignment = Assignment.objects.get()
        response = api.as_(world.officer_c).post(
            f"/api/assignments/{assignment.pk}/reassign/", {"assignee": world.officer_c.pk}
        )
        assert response.status_code == 404

    def test_remarks_form_an_append_only_timeline(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        assignment = Assignment.objects.get()
        url = f"/api/assignments/{assignment.pk}/remarks/"
        assert api.as_(world.officer_a).post(url, {"text": "Called the sender"}).status_code == 201
        assert api.as_(world.officer_a).post(url, {"text": "Draft ready"}).status_code == 201
        assert api.as_(world.officer_a).post(url, {"text": "  "}).status_code == 400
        assert api.as_(world.clerk_a).post(url, {"text": "Me too"}).status_code == 403
        texts = [r["text"] for r in api.as_(world.clerk_a).get(url).json()]
        assert texts == ["Called the sender", "Draft ready"]

    def test_only_the_current_handler_updates_the_action_and_closes(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        for outsider in (world.officer_a2, world.clerk_a, world.section_head):
            assert (
                self.post(api, outsider, record, "action", {"action_status": "x"}).status_code
                == 403
            )
            assert self.post(api, outsider, record, "close").status_code == 403
        response = self.post(
            api, world.officer_a, record, "action", {"action_status": "Drafting reply"}
        )
        assert response.json()["status"] == "in_progress"
        assert response.json()["current_action_status"] == "Drafting reply"
        response = self.post(api, world.officer_a, record, "close", {"remarks": "Replied"})
        assert response.status_code == 200
        assert response.json()["status"] == "closed"
        assert response.json()["completion_date"] is not None

    def test_a_section_head_who_holds_the_record_may_close_it(self, api, world, record):
        self.post(api, world.head, record, "assign", {"assignees": [world.section_head.pk]})
        assert self.post(api, world.section_head, record, "close").status_code == 200

    def test_only_the_head_reopens_and_the_holders_hold_it_again(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        self.post(api, world.officer_a, record, "close")
        assert self.post(api, world.officer_a, record, "reopen", {"reason": "x"}).status_code == 403
        assert self.post(api, world.head, record, "reopen", {}).status_code == 400
        response = self.post(api, world.head, record, "reopen", {"reason": "Sender wrote again"})
        assert response.status_code == 200
        assert response.json()["status"] == "in_progress"
        assert response.json()["completion_date"] is None
        assert (
            self.post(
                api, world.officer_a, record, "action", {"action_status": "Again"}
            ).status_code
            == 200
        )

    def test_a_closed_record_cannot_be_closed_or_assigned_again(self, api, world, record):
        self.post(api, world.head, record, "close")
        assert self.post(api, world.head, record, "close").status_code == 403
        assert (
            self.post(
                api, world.head, record, "assign", {"assignees": [world.officer_a.pk]}
            ).status_code
            == 403
        )

    def test_every_action_lands_in_the_audit_trail_in_order(self, api, world, record):
        self.post(api, world.section_head, record, "assign", {"assignees": [world.officer_a.pk]})
        self.post(api, world.officer_a, record, "action", {"action_status": "Working"})
        self.post(api, world.officer_a, record, "close")
        self.post(api, world.head, record, "reopen", {"reason": "More to do"})
        events = api.as_(world.clerk_a).get(f"{RECORDS}{record.pk}/audit/").json()
        assert [e["action"] for e in events] == [
            "create", "assign", "action_update", "close", "reopen",
        ]  # fmt: skip
        assert events[1]["actor"]["username"] == "section_head"
        assert events[4]["details"]["reason"] == "More to do"

    def test_the_audit_trail_of_a_record_outside_the_scope_is_404(self, api, world, record):
        assert api.as_(world.officer_c).get(f"{RECORDS}{record.pk}/audit/").status_code == 404

    def test_the_detail_tells_which_actions_the_reader_may_take(self, api, world, record):
        head_view = api.as_(world.head).get(f"{RECORDS}{record.pk}/").json()
        clerk_view = api.as_(world.clerk_a).get(f"{RECORDS}{record.pk}/").json()
        assert {"assign", "close", "edit"} <= set(head_view["allowed_actions"])
        assert "assign" not in clerk_view["allowed_actions"]
        assert "edit" in clerk_view["allowed_actions"]  # the clerk registered it


class TestEditing:
    def test_the_registering_clerk_corrects_a_typo_and_it_is_audited(self, api, world, make_record):
        record = make_record()
        response = api.as_(world.clerk_a).patch(
            f"{RECORDS}{record.pk}/", {"subject": "Corrected subject"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["subject"] == "Corrected subject"
        event = AuditEvent.objects.filter(action="update").get()
        assert event.details["changes"]["subject"]["to"] == "Corrected subject"

    def test_an_officer_of_the_subsection_cannot_edit_someone_elses_record(
        self, api, world, make_record
    ):
        record = make_record()
        response = api.as_(world.officer_a).patch(
            f"{RECORDS}{record.pk}/", {"subject": "Mine now"}, format="json"
        )
        assert response.status_code == 403
        record.refresh_from_db()
        assert record.subject != "Mine now"

    def test_a_bad_patch_changes_nothing(self, api, world, make_record):
        record = make_record()
        response = api.as_(world.head).patch(
            f"{RECORDS}{record.pk}/", {"due_date": "2020-01-01"}, format="json"
        )
        assert response.status_code == 400
        record.refresh_from_db()
        assert str(record.due_date) == "2026-03-20"

    def test_put_and_delete_are_not_offered(self, api, world, make_record):
        record = make_record()
        assert api.as_(world.head).put(f"{RECORDS}{record.pk}/", body()).status_code == 405
        assert api.as_(world.head).delete(f"{RECORDS}{record.pk}/").status_code == 405


def test_statuses_cover_the_workflow():
    assert Status.values == ["created", "assigned", "in_progress", "closed"]


class TestScopeChanges:
    def test_an_officer_moved_to_another_subsection_still_sees_what_they_hold(
        self, api, world, make_record
    ):
        from mailtracker.records.services import record_assign

        held, other = make_record(subject="Held"), make_record(subject="Not held")
        record_assign(actor=world.head, record=held, assignees=[world.officer_a])
        world.officer_a.subsection = world.sub_c
        world.officer_a.save()
        seen = serials_seen_by(api, world.officer_a)
        assert held.serial in seen
        assert other.serial not in seen

    def test_a_section_head_given_a_section_no_longer_needs_the_assignment_route(
        self, api, world, make_record
    ):
        from mailtracker.records.services import record_assign

        record = make_record(actor=world.officer_c, subsection=world.sub_c)
        record_assign(actor=world.head, record=record, assignees=[world.section_head])
        assert Assignment.objects.get().outside_scope is True
        world.section_head.managed_sections.add(world.accounts_section)
        assert Assignment.objects.get().outside_scope is False
        world.section_head.managed_sections.remove(world.accounts_section)
        assert Assignment.objects.get().outside_scope is True
        assert record.serial in serials_seen_by(api, world.section_head)

    def test_logging_in_does_not_rescan_assignments(self, world, django_assert_num_queries):
        world.officer_a.last_login = None
        with django_assert_num_queries(1):
            world.officer_a.save(update_fields=["last_login"])
