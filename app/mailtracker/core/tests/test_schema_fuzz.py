"""Requests generated from our own OpenAPI schema, sent as a logged-in head: whatever the input,
the API answers with a 2xx or a 4xx, never a server error."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework_simplejwt.tokens import AccessToken
from schemathesis.checks import not_a_server_error

from config.wsgi import application

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def wsgi_app_sharing_the_test_connection(db):
    # As Django's test client does: keep the test's connection open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(
    wsgi_app_sharing_the_test_connection, world, make_record, pdf_upload
):
    make_record()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app_sharing_the_test_connection)
    headers = {"Authorization": f"Bearer {AccessToken.for_user(world.head)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        no_server_error()
