from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mailtracker.audit"
    label = "audit"
