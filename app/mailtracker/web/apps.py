from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mailtracker.web"
    label = "web"
    verbose_name = "Staff web UI"
