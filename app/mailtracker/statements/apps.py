from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "mailtracker.statements"
    verbose_name = "Statements"
