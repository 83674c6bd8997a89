from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "mailtracker.attachments"
    label = "attachments"
