from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mailtracker.core"
    label = "core"

    def ready(self):
        from mailtracker.core import lookups  # noqa: F401 (registers __any_of)
