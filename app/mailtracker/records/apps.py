from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "mailtracker.records"
    label = "records"
