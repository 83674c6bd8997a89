from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mailtracker.notifications"
    verbose_name = "Notifications"
