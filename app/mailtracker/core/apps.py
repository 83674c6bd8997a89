from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mailtracker.core"
    label = "core"
