import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def mailing(world, settings, django_capture_on_commit_callbacks):
    """Everyone has an address, mails are sent once the change commits (as without a worker),
    over HTTPS links; yields a function that runs a change and returns the mails it sent."""
    from django.core import mail

    settings.MAIL_DELIVERY = "inline"
    settings.SITE_URL = "https://mail.office.test"
    for person in vars(world).values():
        if isinstance(person, get_user_model()):
            person.email = f"{person.username}@office.test"
            person.save(update_fields=["email"])

    def run(change):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        run.result = result
        return mail.outbox[before:]

    return run
