from rest_framework import serializers

from mailtracker.notifications import mail
from mailtracker.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    record_serial = serializers.CharField(source="record.serial", read_only=True, default=None)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id", "kind", "text", "record", "record_serial", "details", "created_at", "read_at",
            "unread", "mail_state",
        ]  # fmt: skip

    def get_text(self, notification) -> str:
        return mail.headline(notification)

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=1000,
        help_text="The notifications to mark read; leave out for all.",
    )


class PreferencesSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=[("", "browser"), "en", "hi"], allow_blank=True)
    email_notifications = serializers.BooleanField()
    daily_digest = serializers.BooleanField()
