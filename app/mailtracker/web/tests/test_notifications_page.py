from mailtracker.notifications.models import Notification


def test_the_header_shows_how_many_notifications_wait_unread(world, make_record, browser_as):
    make_record(assignees=[world.officer_a])
    make_record(assignees=[world.officer_a])
    page = browser_as(world.officer_a).get("/").content.decode()
    assert 'class="unread-count" aria-label="2 unread">2</span>' in page


def test_the_list_shows_what_was_given_to_me_with_a_link_to_the_record(
    world, make_record, browser_as
):
    record = make_record(assignees=[world.officer_a])
    page = browser_as(world.officer_a).get("/notifications/").content.decode()
    assert f'<a href="/records/{record.pk}/">{record.serial} assigned to you:' in page


def test_opening_the_record_reads_its_notifications(world, make_record, browser_as):
    record = make_record(assignees=[world.officer_a])
    other = make_record(assignees=[world.officer_a])
    client = browser_as(world.officer_a)
    client.get(f"/records/{record.pk}/")
    unread = Notification.objects.filter(recipient=world.officer_a, read_at=None)
    assert list(unread.values_list("record_id", flat=True)) == [other.pk]


def test_mark_all_as_read_empties_the_count(world, make_record, browser_as):
    make_record(assignees=[world.officer_a])
    client = browser_as(world.officer_a)
    response = client.post("/notifications/read/", follow=True)
    assert "Marked 1 as read." in response.content.decode()
    assert "unread-count" not in client.get("/").content.decode()


def test_nobody_sees_another_persons_notifications(world, make_record, browser_as):
    make_record(assignees=[world.officer_a])
    page = browser_as(world.officer_b).get("/notifications/").content.decode()
    assert "assigned to you" not in page


def test_the_settings_turn_mails_off_and_choose_the_language(world, browser_as):
    client = browser_as(world.officer_a)
    response = client.post(
        "/accounts/settings/",
        {"language": "hi", "daily_digest": "on"},
        follow=True,
    )
    world.officer_a.refresh_from_db()
    assert (world.officer_a.language, world.officer_a.email_notifications) == ("hi", False)
    assert world.officer_a.daily_digest is True
    assert '<html lang="hi">' in response.content.decode()


def test_the_language_switch_keeps_the_choice_on_the_account(world, browser_as):
    client = browser_as(world.officer_a)
    response = client.post("/language/", {"language": "hi", "next": "/records/"})
    assert response.status_code == 302
    assert response["Location"] == "/records/"
    world.officer_a.refresh_from_db()
    assert world.officer_a.language == "hi"
    assert "रजिस्टर" in client.get("/records/").content.decode()


def test_the_language_switch_refuses_an_unknown_language_and_a_foreign_target(client, db):
    assert client.post("/language/", {"language": "xx"}).status_code == 400
    response = client.post("/language/", {"language": "hi", "next": "https://evil.test/"})
    assert response["Location"] == "/"
    assert "हिन्दी" not in client.get("/accounts/login/").content.decode()  # offered: English
