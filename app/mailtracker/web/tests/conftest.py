import pytest
from django.test import Client

from mailtracker.records import services


@pytest.fixture
def browser_as():
    """A Django test client logged in as the given person (a fresh one for each call)."""

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def assigned_record(world, make_record):
    """A record of subsection A that the section head assigned to officer A."""
    record = make_record()
    services.record_assign(actor=world.section_head, record=record, assignees=[world.officer_a])
    record.refresh_from_db()
    return record
