from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "mailtracker.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from mailtracker.security import audit  # noqa: F401 (connects the lockout receiver)
