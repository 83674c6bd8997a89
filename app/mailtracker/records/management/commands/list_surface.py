import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from mailtracker.demo.register import BENCH_USERS
from mailtracker.records import surface


class Command(BaseCommand):
    help = (
        "Print every list a user can open, for each role (records.surface), as JSON lines: the "
        "case's name, the list, the role, the bench user and the request's path. Needs the "
        "bench register (generate_register)."
    )

    def handle(self, *args, **options):
        users = {
            role: get_user_model().objects.get(username=username)
            for role, username in BENCH_USERS.items()
        }
        for case in surface.cases():
            line = {
                "name": case.name,
                "list": case.list,
                "role": case.role,
                "user": BENCH_USERS[case.role],
                "path": surface.resolve(case, users[case.role]),
            }
            self.stdout.write(json.dumps(line))
