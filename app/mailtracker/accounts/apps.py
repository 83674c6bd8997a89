from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mailtracker.accounts"
    label = "accounts"
