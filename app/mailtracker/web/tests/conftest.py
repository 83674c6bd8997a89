import pytest
from django.test import Client


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
    """A record of subsection A that the clerk registered for officer A."""
    return make_record()
