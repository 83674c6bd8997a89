from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "mailtracker.records"
    label = "records"

    def ready(self):
        from mailtracker.records import signals  # noqa: F401 — connects the receivers
