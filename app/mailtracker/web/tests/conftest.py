import pytest


@pytest.fixture
def assigned_record(world, make_record):
    """A record of subsection A that the clerk registered for officer A."""
    return make_record()
