"""Serial numbers under concurrent creation, on the real database (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from mailtracker.records import services
from mailtracker.records.models import MailRecord
from mailtracker.testing.world import build_world, record_fields

CONCURRENT = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_creations_get_fifty_consecutive_serials():
    assert connection.vendor == "postgresql"
    world = build_world()
    start = threading.Barrier(CONCURRENT)
    errors = []

    def create():
        try:
            start.wait()
            services.record_create(
                actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a],
                **record_fields(),
            )  # fmt: skip
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(
        int(s.split("/")[1]) for s in MailRecord.objects.values_list("serial", flat=True)
    )
    assert numbers == list(range(1, CONCURRENT + 1))


@pytest.mark.django_db(transaction=True)
def test_a_failed_creation_leaves_no_gap():
    world = build_world()

    def create(**overrides):
        return services.record_create(
            actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a],
            **record_fields(**overrides),
        )  # fmt: skip

    create()
    with pytest.raises(Exception, match="subject"):
        create(subject="x" * 600)
    third = create()
    assert third.serial == f"{timezone.localdate().year}/002"
