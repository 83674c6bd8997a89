from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "mailtracker.security"
    label = "security"
