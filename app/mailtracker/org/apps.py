from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "mailtracker.org"
    label = "org"
