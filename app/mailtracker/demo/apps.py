from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mailtracker.demo"
    label = "demo"
