from mailtracker.notifications.models import Notification


def test_the_api_lists_my_notifications_with_the_unread_count(world, make_record, api):
    record = make_record(assignees=[world.officer_a])
    response = api.as_(world.officer_a).get("/api/notifications/")
    assert response.status_code == 200
    assert response["X-Unread-Count"] == "1"
    [item] = response.json()["results"]
    assert (item["kind"], item["record"], item["unread"]) == ("assigned", record.pk, True)
    assert item["text"] == f"{record.serial} assigned to you: Pension revision for retired staff"


def test_the_api_marks_only_my_own_notifications_read(world, make_record, api):
    make_record(assignees=[world.officer_a, world.officer_a2])
    theirs = Notification.objects.get(recipient=world.officer_a2)
    mine = api.as_(world.officer_a).post(
        "/api/notifications/read/", {"ids": [theirs.pk]}, format="json"
    )
    assert mine.json() == {"marked": 0}
    assert api.as_(world.officer_a).post("/api/notifications/read/", {}).json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_refuses_bad_ids(world, api):
    response = api.as_(world.officer_a).post(
        "/api/notifications/read/", {"ids": ["x"]}, format="json"
    )
    assert response.status_code == 400


def test_the_api_needs_a_login(client, db):
    assert client.get("/api/notifications/").status_code == 401
    assert client.get("/api/me/preferences/").status_code == 401
    assert client.get("/api/statement/").status_code == 401


def test_the_api_reads_and_changes_my_preferences(world, api):
    client = api.as_(world.officer_a)
    assert client.get("/api/me/preferences/").json() == {
        "language": "",
        "email_notifications": True,
        "daily_digest": True,
    }
    changed = client.patch("/api/me/preferences/", {"daily_digest": False}, format="json")
    assert changed.json()["daily_digest"] is False
    assert (
        client.patch("/api/me/preferences/", {"language": "fr"}, format="json").status_code == 400
    )
