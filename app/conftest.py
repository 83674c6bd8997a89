import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from mailtracker.demo.pdfs import letter_pdf
from mailtracker.records import services
from mailtracker.testing.world import build_world, record_fields

# schemathesis needs Python 3.11 or newer, so on 3.10 (the oldest Python the app supports) the
# requests generated from the OpenAPI schema are not sent; every other test runs there, and the
# generated ones run on every newer Python (in CI: 3.11 and 3.14).
if sys.version_info < (3, 11):
    collect_ignore_glob = ["mailtracker/security/tests/test_hostile_input_generated.py"]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api():
    """An API client; ``api.as_(user)`` authenticates it as that person."""
    client = APIClient()

    def as_(user):
        client.force_authenticate(user)
        return client

    client.as_ = as_
    return client


@pytest.fixture
def make_record(world):
    """Register a record through the service, in subsection A by the clerk, held by officer A,
    unless told otherwise."""

    def make(*, actor=None, subsection=None, assignees=None, **overrides):
        return services.record_create(
            actor=actor or world.clerk_a,
            subsection=subsection or world.sub_a,
            assignees=assignees or [world.officer_a],
            **record_fields(**overrides),
        )

    return make


@pytest.fixture
def pdf_bytes():
    return letter_pdf(title="Letter", body="Please act.", pages=2)


@pytest.fixture
def pdf_upload(pdf_bytes):
    def make(name="letter.pdf", content=None):
        return SimpleUploadedFile(
            name, pdf_bytes if content is None else content, "application/pdf"
        )

    return make


@pytest.fixture
def browser_as():
    """A Django test client logged in as the given person (a fresh one for each call)."""

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login
