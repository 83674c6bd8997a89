import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mailtracker.accounts.roles import Role


class Command(BaseCommand):
    help = (
        "Create or update the administrator account (role head). The password comes from "
        "MAILTRACKER_ADMIN_PASSWORD. Prints created, updated or unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        password = os.environ.get("MAILTRACKER_ADMIN_PASSWORD", "")
        if not password:
            raise CommandError("Set MAILTRACKER_ADMIN_PASSWORD to the administrator's password.")
        user, created = get_user_model().objects.get_or_create(username=username)
        wanted = {"email": email, "role": Role.HEAD, "is_staff": True, "is_superuser": True}
        changed = created or any(getattr(user, k) != v for k, v in wanted.items())
        if not user.check_password(password):
            user.set_password(password)
            changed = True
        for name, value in wanted.items():
            setattr(user, name, value)
        if changed:
            user.is_active = True
            user.save()
        self.stdout.write("created" if created else "updated" if changed else "unchanged")
