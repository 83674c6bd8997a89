"""Health, slow-request logging, the readiness gate, admin bootstrap and the schema."""

import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import OperationalError

from mailtracker.accounts.models import User


def test_health_reports_app_and_database_without_a_login(api, db):
    response = api.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_fails(api, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = api.get("/api/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_the_schema_is_public_openapi_3_with_every_path(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/auth/login/", "/api/auth/refresh/", "/api/records/", "/api/records/{id}/",
        "/api/records/{record_id}/pdf/", "/api/records/{record_id}/pdf/view/", "/api/health/",
    ]:  # fmt: skip
        assert path in schema["paths"], path


def test_the_docs_page_renders(client, db):
    assert client.get("/api/docs/").status_code == 200


def test_requests_slower_than_the_threshold_are_logged(api, world, settings, caplog):
    settings.SLOW_REQUEST_MS = -1  # every request counts as slow
    with caplog.at_level(logging.WARNING, logger="mailtracker.slow_requests"):
        api.as_(world.clerk_a).get("/api/records/")
    assert "slow request: GET /api/records/ -> 200" in caplog.text
    assert "clerk_a" in caplog.text


def test_fast_requests_are_not_logged(api, world, settings, caplog):
    settings.SLOW_REQUEST_MS = 60_000
    with caplog.at_level(logging.WARNING, logger="mailtracker.slow_requests"):
        api.get("/api/health/")
    assert "slow request" not in caplog.text


def test_wait_for_db_returns_once_the_database_answers(db, capsys):
    call_command("wait_for_db", "--timeout", "5")
    assert "database ready" in capsys.readouterr().out


def test_wait_for_db_gives_up_after_the_timeout(db, monkeypatch):
    def refuse():
        raise OperationalError("no server")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    with pytest.raises(CommandError, match="not ready after 0 s"):
        call_command("wait_for_db", "--timeout", "0")


def test_ensure_admin_is_idempotent(db, monkeypatch, capsys):
    monkeypatch.setenv("MAILTRACKER_ADMIN_PASSWORD", "an-admin-passphrase-2026")
    call_command("ensure_admin", "--username", "boss", "--email", "boss@example.org")
    call_command("ensure_admin", "--username", "boss", "--email", "boss@example.org")
    monkeypatch.setenv("MAILTRACKER_ADMIN_PASSWORD", "another-passphrase-2026")
    call_command("ensure_admin", "--username", "boss", "--email", "boss@example.org")
    assert capsys.readouterr().out.split() == ["created", "unchanged", "updated"]
    boss = User.objects.get(username="boss")
    assert boss.is_superuser
    assert boss.role == "head"
    assert boss.check_password("another-passphrase-2026")


def test_ensure_admin_refuses_without_a_password(db, monkeypatch):
    monkeypatch.delenv("MAILTRACKER_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="MAILTRACKER_ADMIN_PASSWORD"):
        call_command("ensure_admin", "--username", "boss")


PUBLIC_PATHS = {"/api/health/", "/api/auth/login/", "/api/auth/refresh/", "/api/schema/"}


def test_every_api_path_but_health_login_refresh_and_schema_answers_401_to_anonymous(
    api, world, make_record
):
    record = make_record()
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    checked = 0
    for template, operations in schema["paths"].items():
        path = (
            template.replace("{id}", str(record.pk))
            .replace("{record_id}", str(record.pk))
            .replace("{attachment_id}", "00000000-0000-0000-0000-000000000000")
        )
        for method in operations:
            response = getattr(api, method)(path)
            if template in PUBLIC_PATHS:
                assert response.status_code != 401, (method, template)
            else:
                assert response.status_code == 401, (method, template, response.status_code)
                checked += 1
    assert checked >= 20


def test_every_model_of_the_project_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m.__module__.startswith("mailtracker.")]
    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert len(ours) >= 10
    assert missing == []


def test_the_admin_pages_of_every_model_render(client, world, make_record):
    from django.apps import apps
    from django.contrib import admin

    make_record()
    client.force_login(world.head_admin)
    for model in apps.get_models():
        if model.__module__.startswith("mailtracker.") and admin.site.is_registered(model):
            meta = model._meta
            response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
            assert response.status_code == 200, meta.label


def test_a_lost_database_connection_is_a_503_with_retry_after(api, world, monkeypatch):
    from mailtracker.records import selectors

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "record_list", database_gone)
    response = api.as_(world.clerk_a).get("/api/records/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.json()["detail"]


def test_the_ui_also_says_503_when_the_database_is_gone(client, world, monkeypatch):
    from mailtracker.records import selectors

    def database_gone(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "records_held_by", database_gone)
    client.force_login(world.clerk_a)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
