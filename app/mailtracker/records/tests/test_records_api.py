"""The records API, rule by rule (WORKFLOW-RULES.md): who sees which records, who registers
them for whom, and who may pass on, finish, revoke, close and reopen."""

import datetime

import pytest
from django.utils import timezone

from mailtracker.audit.models import AuditEvent
from mailtracker.org.models import Section, Subsection
from mailtracker.records import selectors, services
from mailtracker.records.models import Assignment, MailRecord, SerialCounter, Status, StatusCount

RECORDS = "/api/records/"


def body(world, **overrides):
    data = {
        "letter_number": "LN/9",
        "letter_date": "2026-03-01",
        "received_date": "2026-03-02",
        "subject": "Budget re-appropriation",
        "from_office": "Finance Ministry",
        "action_required": "Reply within a week",
        "due_date": "2026-03-30",
        "assignees": [world.officer_a.pk],
    }
    data.update(overrides)
    return data


def serials_seen_by(api, user, query=""):
    response = api.as_(user).get(RECORDS + query)
    assert response.status_code == 200
    return {item["serial"] for item in response.json()["results"]}


def holders_of(api, user, record) -> list[str]:
    data = api.as_(user).get(f"{RECORDS}{record.pk}/").json()
    return [holder["user"]["username"] for holder in data["holders"]]


@pytest.fixture
def one_per_subsection(world, make_record):
    """One record in each of the subsections A, B (Administration) and C (Accounts), each held
    by an officer of its own subsection."""
    return {
        "a": make_record(subject="In A"),
        "b": make_record(
            actor=world.officer_b, subsection=world.sub_b, assignees=[world.officer_b]
        ),
        "c": make_record(
            actor=world.officer_c, subsection=world.sub_c, assignees=[world.officer_c]
        ),
    }


class TestRule12WhoSeesWhat:
    def test_the_head_sees_every_record(self, api, world, one_per_subsection):
        assert serials_seen_by(api, world.head) == {r.serial for r in one_per_subsection.values()}

    def test_a_section_head_sees_the_records_of_the_sections_they_manage(
        self, api, world, one_per_subsection
    ):
        expected = {one_per_subsection["a"].serial, one_per_subsection["b"].serial}
        assert serials_seen_by(api, world.section_head) == expected

    @pytest.mark.parametrize("person", ["officer_a2", "clerk_a", "auditor_a"])
    def test_officers_clerks_and_auditors_see_only_their_subsections(
        self, api, world, one_per_subsection, person
    ):
        assert serials_seen_by(api, getattr(world, person)) == {one_per_subsection["a"].serial}

    def test_rule_12_anyone_sees_the_records_they_hold_or_held(
        self, api, world, one_per_subsection
    ):
        record = one_per_subsection["a"]
        services.record_assign(actor=world.head, record=record, assignees=[world.officer_c])
        assert record.serial in serials_seen_by(api, world.officer_c)
        step = record.assignments.get(assignee=world.officer_c)
        services.assignment_reassign(
            actor=world.officer_c, assignment=step, assignee=world.accounts_head, remark="Yours"
        )
        assert record.serial in serials_seen_by(api, world.officer_c)  # held, no longer holds

    def test_rule_12_the_monitoring_officer_sees_the_record_read_only(
        self, api, world, one_per_subsection
    ):
        record = one_per_subsection["c"]
        services.record_update(
            actor=world.head, record=record, changes={"monitoring_officer": world.officer_a}
        )
        response = api.as_(world.officer_a).get(f"{RECORDS}{record.pk}/")
        assert response.status_code == 200
        assert response.json()["allowed_actions"] == []

    def test_rule_12_a_section_head_sees_their_staffs_records_of_other_sections_when_overdue_too(
        self, api, world, make_record
    ):
        late = make_record(
            actor=world.head,
            subsection=world.sub_c,
            assignees=[world.officer_a],
            due_date=datetime.date(2026, 3, 10),
        )
        assert api.as_(world.section_head).get(f"{RECORDS}{late.pk}/").status_code == 200
        assert late.serial in serials_seen_by(api, world.section_head, "?overdue=true")
        assert api.as_(world.officer_b).get(f"{RECORDS}{late.pk}/").status_code == 404

    def test_rule_12_what_a_section_head_sees_outside_their_sections_is_asked_at_once(
        self, world, make_record, django_assert_num_queries
    ):
        """Held by them, monitored by them, held by their staff: one statement, which every
        page of theirs asks before its list."""
        elsewhere = {"actor": world.head, "subsection": world.sub_c}
        held = make_record(**elsewhere, assignees=[world.section_head])
        staffs = make_record(**elsewhere, assignees=[world.officer_a])
        monitored = make_record(**elsewhere, assignees=[world.officer_c])
        services.record_update(
            actor=world.head, record=monitored, changes={"monitoring_officer": world.section_head}
        )
        make_record(**elsewhere, assignees=[world.officer_c])  # nobody's of theirs
        selectors.remember_visibility(world.section_head)
        with django_assert_num_queries(1):
            seen = selectors.seen_outside_scope(world.section_head)
        assert seen == sorted([held.pk, staffs.pk, monitored.pk])

    def test_a_record_outside_the_scope_is_404_not_403(self, api, world, one_per_subsection):
        record = one_per_subsection["c"]
        assert api.as_(world.officer_a).get(f"{RECORDS}{record.pk}/").status_code == 404
        patch = api.as_(world.officer_a).patch(f"{RECORDS}{record.pk}/", {"subject": "x"})
        assert patch.status_code == 404

    def test_anonymous_requests_get_401(self, api, world, one_per_subsection):
        record = one_per_subsection["a"]
        assert api.get(RECORDS).status_code == 401
        assert api.post(RECORDS, body(world), format="json").status_code == 401
        assert api.get(f"{RECORDS}{record.pk}/").status_code == 401
        assert api.post(f"{RECORDS}{record.pk}/close/", {}).status_code == 401
        assert api.get(f"{RECORDS}candidates/").status_code == 401


class TestRules1To4Registering:
    @pytest.mark.parametrize(
        ("person", "subsection", "assignee", "expected"),
        [
            ("clerk_a", "sub_a", "officer_a", 201),
            ("clerk_a", "sub_b", "officer_a", 403),
            ("officer_b", "sub_b", "officer_b", 201),
            ("section_head", "sub_b", "officer_b", 201),
            ("section_head", "sub_c", "officer_a", 403),
            ("auditor_a", "sub_a", "officer_a", 201),
            ("auditor_a", "sub_b", "officer_a", 403),
            ("head", "sub_c", "officer_c", 201),
        ],
    )
    def test_rule_1_each_role_registers_within_their_own_scope(
        self, api, world, person, subsection, assignee, expected
    ):
        data = body(world, subsection=getattr(world, subsection).pk)
        data["assignees"] = [getattr(world, assignee).pk]
        response = api.as_(getattr(world, person)).post(RECORDS, data, format="json")
        assert response.status_code == expected, response.json()
        assert MailRecord.objects.exists() == (expected == 201)

    def test_rule_2_a_letter_starts_assigned_and_held_by_everyone_named(self, api, world):
        data = body(world, assignees=[world.officer_a.pk, world.officer_a2.pk])
        response = api.as_(world.clerk_a).post(RECORDS, data, format="json")
        assert response.status_code == 201, response.json()
        record = response.json()
        assert record["status"] == "assigned"
        assert [h["user"]["username"] for h in record["holders"]] == ["officer_a", "officer_a2"]
        assert all(h["since"] for h in record["holders"])
        assert record["holders"][0]["user"]["designation"] == "SrAO"
        events = AuditEvent.objects.filter(record_id=record["id"])
        assert list(events.values_list("action", flat=True)) == ["create", "assign"]

    def test_rule_2_registering_for_nobody_is_refused_and_uses_no_serial(self, api, world):
        response = api.as_(world.clerk_a).post(RECORDS, body(world, assignees=[]), format="json")
        assert response.status_code == 400
        assert "assignees" in response.json()
        missing = {k: v for k, v in body(world).items() if k != "assignees"}
        assert api.as_(world.clerk_a).post(RECORDS, missing, format="json").status_code == 400
        assert not MailRecord.objects.exists()
        assert not SerialCounter.objects.filter(last_number__gt=0).exists()

    def test_rule_6_an_assignee_who_is_not_a_candidate_is_refused_with_the_reason(self, api, world):
        data = body(world, assignees=[world.officer_b.pk])
        response = api.as_(world.clerk_a).post(RECORDS, data, format="json")
        assert response.status_code == 400
        assert "Officer B" in response.json()["assignees"][0]
        assert "candidates" in response.json()["assignees"][0]
        assert not MailRecord.objects.exists()

    def test_rule_3_the_serial_counts_in_the_year_of_registration_not_of_the_letter(
        self, api, world
    ):
        client = api.as_(world.clerk_a)
        data = body(world, received_date="2025-12-30", letter_date="2025-12-29", due_date=None)
        serials = [client.post(RECORDS, data, format="json").json()["serial"] for _ in range(2)]
        year = timezone.localdate().year
        assert serials == [f"{year}/001", f"{year}/002"]

    def test_rule_3_a_letter_cannot_be_received_in_the_future(self, api, world):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        data = body(world, received_date=tomorrow, due_date=None, letter_date=None)
        response = api.as_(world.clerk_a).post(RECORDS, data, format="json")
        assert response.status_code == 400
        assert "future" in response.json()["received_date"][0]

    def test_rule_3_the_date_on_the_letter_may_be_unknown(self, api, world):
        data = body(world)
        del data["letter_date"]
        response = api.as_(world.clerk_a).post(RECORDS, data, format="json")
        assert response.status_code == 201
        assert response.json()["letter_date"] is None

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("subject", ""),
            ("letter_date", "not-a-date"),
            ("action_required", "x" * 501),
            ("due_date", "2026-02-01"),  # before the letter was received
            ("letter_date", "2026-04-01"),  # after it was received
            ("assignees", [999999]),
        ],
    )
    def test_bad_input_is_refused_with_the_field_named(self, api, world, field, value):
        response = api.as_(world.clerk_a).post(
            RECORDS, body(world, **{field: value}), format="json"
        )
        assert response.status_code == 400
        assert field in response.json()
        assert not MailRecord.objects.exists()

    def test_the_head_must_choose_a_subsection(self, api, world):
        response = api.as_(world.head).post(RECORDS, body(world), format="json")
        assert response.status_code == 400
        assert "subsection" in response.json()

    def test_rule_4_the_monitoring_officer_is_the_sections_head_else_the_head(
        self, api, world, make_record
    ):
        assert make_record().monitoring_officer == world.section_head
        stores = Section.objects.create(office=world.admin_section.office, name="Stores")
        shelf = Subsection.objects.create(section=stores, name="Shelf")
        unheaded = make_record(actor=world.head, subsection=shelf, assignees=[world.officer_a])
        assert unheaded.monitoring_officer == world.head

    def test_rule_4_only_the_head_and_section_heads_choose_the_monitoring_officer(
        self, api, world, make_record
    ):
        record = make_record()
        url = f"{RECORDS}{record.pk}/"
        refused = api.as_(world.clerk_a).patch(
            url, {"monitoring_officer": world.officer_a2.pk}, format="json"
        )
        assert refused.status_code == 400
        assert "monitoring_officer" in refused.json()
        chosen = api.as_(world.section_head).patch(
            url, {"monitoring_officer": world.officer_a2.pk}, format="json"
        )
        assert chosen.status_code == 200
        assert chosen.json()["monitoring_officer"]["username"] == "officer_a2"
        assert AuditEvent.objects.filter(record=record, action="update").exists()


class TestRule6Candidates:
    @pytest.mark.parametrize(
        ("person", "expected"),
        [
            ("clerk_a", {"officer_a", "officer_a2", "clerk_a", "section_head"}),
            ("officer_c", {"officer_c", "accounts_head"}),
            ("auditor_a", {"officer_a", "officer_a2"}),
            (
                "section_head",
                {
                    "officer_a", "officer_a2", "officer_b", "clerk_a", "section_head",
                    "accounts_head", "head", "admin",
                },
            ),
        ],
    )  # fmt: skip
    def test_rule_6_each_role_gives_work_only_to_its_candidates(self, api, world, person, expected):
        response = api.as_(getattr(world, person)).get(f"{RECORDS}candidates/")
        assert response.status_code == 200
        assert {person["username"] for person in response.json()} == expected

    def test_rule_6_the_head_may_give_work_to_anyone_active(self, api, world):
        world.officer_b.is_active = False
        world.officer_b.save()
        names = {p["username"] for p in api.as_(world.head).get(f"{RECORDS}candidates/").json()}
        assert "officer_c" in names
        assert "officer_b" not in names

    def test_the_candidates_of_a_record_leave_out_who_holds_it(self, api, world, make_record):
        record = make_record()
        response = api.as_(world.section_head).get(f"{RECORDS}{record.pk}/candidates/")
        names = {p["username"] for p in response.json()}
        assert "officer_a" not in names
        assert "officer_a2" in names
        assert (
            response.json()[0]["section_name"] is not None
            or "subsection_name" in response.json()[0]
        )


class TestRules7To9Holding:
    @pytest.fixture
    def record(self, make_record):
        return make_record()

    def reassign(self, api, user, assignment, **data):
        return api.as_(user).post(f"/api/assignments/{assignment.pk}/reassign/", data)

    def test_rule_7_passing_on_needs_a_remark_keeps_the_chain_and_starts_the_work(
        self, api, world, record
    ):
        first = record.assignments.get()
        refused = self.reassign(api, world.officer_a, first, assignee=world.officer_a2.pk)
        assert refused.status_code == 400
        assert "remark" in refused.json()
        response = self.reassign(
            api, world.officer_a, first, assignee=world.officer_a2.pk, remark="You know the file"
        )
        assert response.status_code == 201
        assert response.json()["parent"] == first.pk
        first.refresh_from_db()
        record.refresh_from_db()
        assert (first.state, first.end_remark) == ("reassigned", "You know the file")
        assert record.status == Status.IN_PROGRESS
        assert holders_of(api, world.head, record) == ["officer_a2"]
        event = AuditEvent.objects.get(record=record, action="reassign")
        assert event.details["remark"] == "You know the file"

    def test_rule_7_an_older_client_sending_only_instructions_still_passes_on(
        self, api, world, record
    ):
        first = record.assignments.get()
        response = self.reassign(
            api, world.officer_a, first, assignee=world.officer_a2.pk, instructions="Over to you"
        )
        assert response.status_code == 201
        first.refresh_from_db()
        assert first.end_remark == "Over to you"

    def test_rule_6_passing_on_to_someone_who_is_not_a_candidate_is_refused(
        self, api, world, record
    ):
        first = record.assignments.get()
        response = self.reassign(
            api, world.officer_a, first, assignee=world.officer_c.pk, remark="Please"
        )
        assert response.status_code == 400
        assert "candidates" in response.json()["assignee"][0]
        first.refresh_from_db()
        assert first.state == "active"

    def test_only_the_holder_or_who_runs_the_section_passes_it_on(self, api, world, record):
        first = record.assignments.get()
        outsider = self.reassign(
            api, world.clerk_a, first, assignee=world.clerk_a.pk, remark="Mine"
        )
        assert outsider.status_code == 403
        foreign = self.reassign(
            api, world.officer_c, first, assignee=world.officer_c.pk, remark="Mine"
        )
        assert foreign.status_code == 404
        self.reassign(api, world.officer_a, first, assignee=world.officer_a2.pk, remark="Yours")
        again = self.reassign(
            api, world.officer_a, first, assignee=world.officer_a2.pk, remark="Again"
        )
        assert again.status_code == 403

    def test_rule_8_each_holder_marks_their_own_part_done_with_a_remark(
        self, api, world, make_record
    ):
        record = make_record(
            actor=world.section_head, assignees=[world.officer_a, world.officer_a2]
        )
        mine = record.assignments.get(assignee=world.officer_a)
        url = f"/api/assignments/{mine.pk}/done/"
        assert api.as_(world.officer_a2).post(url, {"remark": "Not mine"}).status_code == 403
        assert api.as_(world.officer_a).post(url, {"remark": " "}).status_code == 400
        response = api.as_(world.officer_a).post(url, {"remark": "Tables checked"})
        assert response.status_code == 200
        assert response.json()["state"] == "done"
        assert holders_of(api, world.head, record) == ["officer_a2"]
        event = AuditEvent.objects.get(record=record, action="part_done")
        assert event.details["remark"] == "Tables checked"

    def test_rule_8_the_last_holder_cannot_mark_done_and_leave_the_letter_with_nobody(
        self, api, world, record
    ):
        only = record.assignments.get()
        response = api.as_(world.officer_a).post(
            f"/api/assignments/{only.pk}/done/", {"remark": "Done"}
        )
        assert response.status_code == 400
        assert "nobody holding it" in str(response.json())
        only.refresh_from_db()
        assert only.state == "active"

    def test_rule_8_the_assigner_or_the_head_revokes_with_a_reason(self, api, world, make_record):
        record = make_record(
            actor=world.section_head, assignees=[world.officer_a, world.officer_a2]
        )
        theirs = record.assignments.get(assignee=world.officer_a2)
        url = f"/api/assignments/{theirs.pk}/revoke/"
        assert api.as_(world.officer_a).post(url, {"reason": "Mine now"}).status_code == 403
        assert api.as_(world.section_head).post(url, {"reason": ""}).status_code == 400
        response = api.as_(world.section_head).post(url, {"reason": "Not needed after all"})
        assert response.status_code == 200
        assert response.json()["state"] == "revoked"
        assert response.json()["end_remark"] == "Not needed after all"
        assert holders_of(api, world.head, record) == ["officer_a"]
        assert AuditEvent.objects.filter(record=record, action="revoke").exists()

    def test_rule_9_the_current_action_comes_from_the_offices_vocabulary(
        self, api, world, record, settings
    ):
        url = f"{RECORDS}{record.pk}/action/"
        free = api.as_(world.officer_a).post(url, {"action_status": "Thinking about it"})
        assert free.status_code == 400
        assert "Under examination" in free.json()["action_status"][0]
        assert (
            api.as_(world.officer_a2).post(url, {"action_status": "Draft put up"}).status_code
            == 403
        )
        response = api.as_(world.officer_a).post(
            url, {"action_status": "Draft put up", "remarks": "For signature"}
        )
        assert response.json()["status"] == "in_progress"
        assert response.json()["current_action_status"] == "Draft put up"

    def test_remarks_form_an_append_only_timeline(self, api, world, record):
        assignment = record.assignments.get()
        url = f"/api/assignments/{assignment.pk}/remarks/"
        assert api.as_(world.officer_a).post(url, {"text": "Called the sender"}).status_code == 201
        assert api.as_(world.officer_a).post(url, {"text": "Draft ready"}).status_code == 201
        assert api.as_(world.officer_a).post(url, {"text": "  "}).status_code == 400
        assert api.as_(world.clerk_a).post(url, {"text": "Me too"}).status_code == 403
        texts = [r["text"] for r in api.as_(world.clerk_a).get(url).json()]
        assert texts == ["Called the sender", "Draft ready"]


class TestRules10And11ClosingAndReopening:
    def close(self, api, user, record, **data):
        return api.as_(user).post(f"{RECORDS}{record.pk}/close/", data, format="json")

    @pytest.fixture
    def shared(self, make_record, world):
        """Registered by the section head for two officers in parallel."""
        return make_record(actor=world.section_head, assignees=[world.officer_a, world.officer_a2])

    def test_rule_10_the_sole_holder_closes_with_a_remark_that_joins_the_history(
        self, api, world, make_record
    ):
        record = make_record()
        services.record_update_action(
            actor=world.officer_a, record=record, action_status="Draft put up", remarks="Draft 2"
        )
        assert self.close(api, world.officer_a, record, remarks=" ").status_code == 400
        response = self.close(api, world.officer_a, record, remarks="Reply sent")
        assert response.status_code == 200, response.json()
        data = response.json()
        assert data["status"] == "closed"
        assert data["holders"] == []
        assert data["current_action_remarks"] == "Draft 2"  # not overwritten
        event = AuditEvent.objects.get(record=record, action="close")
        assert event.details["remarks"] == "Reply sent"

    def test_rule_10_a_holder_cannot_close_while_others_hold_parts(self, api, world, shared):
        response = self.close(api, world.officer_a, shared, remarks="Done by me")
        assert response.status_code == 403
        shared.refresh_from_db()
        assert shared.status != Status.CLOSED

    def test_rule_10_the_section_head_who_made_the_parts_closes_after_seeing_them(
        self, api, world, shared
    ):
        unconfirmed = self.close(api, world.section_head, shared, remarks="All answered")
        assert unconfirmed.status_code == 400
        message = unconfirmed.json()["end_open_parts"][0]
        assert "Officer A (holding" in message
        assert "Officer A2 (holding" in message
        response = self.close(
            api, world.section_head, shared, remarks="All answered", end_open_parts=True
        )
        assert response.status_code == 200
        states = set(shared.assignments.values_list("state", flat=True))
        assert states == {"closed"}

    def test_rule_10_a_section_head_who_did_not_make_the_parts_may_not_close(
        self, api, world, make_record
    ):
        record = make_record(actor=world.head, assignees=[world.officer_a, world.officer_a2])
        response = self.close(
            api, world.section_head, record, remarks="Closing", end_open_parts=True
        )
        assert response.status_code == 403
        assert (
            self.close(api, world.head, record, remarks="Closing", end_open_parts=True).status_code
            == 200
        )

    def test_rule_10_a_completion_date_in_the_future_is_refused(self, api, world, make_record):
        record = make_record()
        later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
        response = self.close(api, world.officer_a, record, remarks="Done", completion_date=later)
        assert response.status_code == 400
        assert "completion_date" in response.json()

    def test_rule_11_only_the_head_reopens_and_the_holders_at_closing_hold_it_again(
        self, api, world, shared
    ):
        done = shared.assignments.get(assignee=world.officer_a2)
        services.assignment_mark_done(actor=world.officer_a2, assignment=done, remark="Mine done")
        self.close(api, world.officer_a, shared, remarks="Replied")
        url = f"{RECORDS}{shared.pk}/reopen/"
        assert api.as_(world.section_head).post(url, {"reason": "x"}).status_code == 403
        assert api.as_(world.head).post(url, {}).status_code == 400
        response = api.as_(world.head).post(url, {"reason": "Sender wrote again"})
        assert response.status_code == 200
        assert response.json()["status"] == "in_progress"
        assert response.json()["completion_date"] is None
        assert [h["user"]["username"] for h in response.json()["holders"]] == ["officer_a"]

    def test_a_closed_record_cannot_be_closed_or_assigned_again(self, api, world, make_record):
        record = make_record()
        self.close(api, world.head, record, remarks="Done", end_open_parts=True)
        assert self.close(api, world.head, record, remarks="Again").status_code == 403
        response = api.as_(world.head).post(
            f"{RECORDS}{record.pk}/assign/", {"assignees": [world.officer_a2.pk]}, format="json"
        )
        assert response.status_code == 403

    def test_every_action_lands_in_the_audit_trail_in_order(self, api, world, make_record):
        record = make_record()
        services.record_assign(actor=world.section_head, record=record, assignees=[world.clerk_a])
        self.close(api, world.head, record, remarks="Done", end_open_parts=True)
        api.as_(world.head).post(f"{RECORDS}{record.pk}/reopen/", {"reason": "More to do"})
        events = api.as_(world.clerk_a).get(f"{RECORDS}{record.pk}/audit/").json()
        assert [e["action"] for e in events] == ["create", "assign", "assign", "close", "reopen"]
        assert events[2]["actor"]["username"] == "section_head"
        assert events[4]["details"]["reason"] == "More to do"
        assert api.as_(world.officer_c).get(f"{RECORDS}{record.pk}/audit/").status_code == 404


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

    def test_the_registrar_may_no_longer_correct_once_work_has_started(
        self, api, world, make_record
    ):
        record = make_record()
        services.record_update_action(
            actor=world.officer_a, record=record, action_status="Under examination"
        )
        response = api.as_(world.clerk_a).patch(
            f"{RECORDS}{record.pk}/", {"subject": "Late fix"}, format="json"
        )
        assert response.status_code == 403

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
        assert api.as_(world.head).put(f"{RECORDS}{record.pk}/", body(world)).status_code == 405
        assert api.as_(world.head).delete(f"{RECORDS}{record.pk}/").status_code == 405

    def test_the_detail_tells_which_actions_the_reader_may_take(self, api, world, make_record):
        record = make_record()
        head_view = api.as_(world.head).get(f"{RECORDS}{record.pk}/").json()
        clerk_view = api.as_(world.clerk_a).get(f"{RECORDS}{record.pk}/").json()
        assert {"assign", "close", "edit", "change_monitoring"} <= set(head_view["allowed_actions"])
        assert clerk_view["allowed_actions"] == ["edit", "attach_pdf"]  # the clerk registered it


def test_statuses_cover_the_workflow():
    assert Status.values == ["created", "assigned", "in_progress", "closed"]


class TestScopeChanges:
    def test_an_officer_moved_to_another_subsection_still_sees_what_they_hold(
        self, api, world, make_record
    ):
        held = make_record(subject="Held")
        other = make_record(subject="Not held", assignees=[world.officer_a2])
        world.officer_a.subsection = world.sub_c
        world.officer_a.save()
        seen = serials_seen_by(api, world.officer_a)
        assert held.serial in seen
        assert other.serial not in seen

    def test_a_section_head_given_a_section_no_longer_needs_the_assignment_route(
        self, api, world, make_record
    ):
        record = make_record(
            actor=world.head, subsection=world.sub_c, assignees=[world.section_head]
        )
        assert Assignment.objects.get().outside_scope is True
        world.section_head.managed_sections.add(world.accounts_section)
        assert Assignment.objects.get().outside_scope is False
        world.section_head.managed_sections.remove(world.accounts_section)
        assert Assignment.objects.get().outside_scope is True
        assert record.serial in serials_seen_by(api, world.section_head)

    def test_a_subsection_moved_to_another_section_takes_its_records_and_their_holders_along(
        self, api, world, make_record
    ):
        """A record's section is stored (its index scopes the lists) and is its subsection's:
        moved in the admin, the records follow, and so do their holders' scopes."""
        record = make_record(
            actor=world.head, subsection=world.sub_c, assignees=[world.section_head]
        )
        untouched = make_record(subject="Stays in A")
        assert Assignment.objects.get(record=record).outside_scope is True
        world.sub_c.section = world.admin_section
        world.sub_c.save()
        record.refresh_from_db()
        assert record.section == world.admin_section
        held = Assignment.objects.get(record=record)
        assert (held.outside_scope, held.record_section) == (False, world.admin_section)
        assert record.serial in serials_seen_by(api, world.section_head, "?q=Pension")
        # The dashboard's counts by status, from the counters per subsection, follow too.
        assert selectors.record_figures(world.section_head)[0]["assigned"] == 2
        counters = StatusCount.objects.filter(subsection=world.sub_c)
        assert {(c.section, c.status, c.count) for c in counters} == {
            (world.admin_section, "assigned", 1)
        }
        untouched.refresh_from_db()
        assert untouched.section == world.admin_section  # sub_a's, as before

    def test_logging_in_does_not_rescan_assignments(self, world, django_assert_num_queries):
        world.officer_a.last_login = None
        with django_assert_num_queries(1):
            world.officer_a.save(update_fields=["last_login"])


@pytest.mark.parametrize(("language", "label"), [("en", "Assigned"), ("hi", "सौंपा गया")])
def test_a_listed_record_says_its_status_in_words_of_the_clients_language(
    api, world, make_record, language, label
):
    make_record()
    listed = api.as_(world.clerk_a).get(RECORDS, HTTP_ACCEPT_LANGUAGE=language).json()
    assert [(item["status"], item["status_label"]) for item in listed["results"]] == [
        ("assigned", label)
    ]
