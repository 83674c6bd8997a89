import pytest
from django.core import signals
from django.db import close_old_connections

from config.wsgi import application


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application, answering inside the test's transaction: as Django's test
    client does, the test's connection stays open across requests (and is rolled back after)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
