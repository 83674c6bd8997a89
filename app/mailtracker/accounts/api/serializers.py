from django.contrib.auth import get_user_model
from rest_framework import serializers


class UserSummarySerializer(serializers.ModelSerializer):
    """A person as every page and answer names them: name, role and designation (what their
    door says), and where they sit."""

    name = serializers.CharField(source="display_name", read_only=True)
    role_label = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    subsection_name = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id", "username", "name", "role", "role_label", "designation", "title",
            "subsection", "subsection_name",
        ]  # fmt: skip

    def get_subsection_name(self, user) -> str | None:
        return str(user.subsection) if user.subsection_id else None

    def to_representation(self, user):
        # A list names the same few people on every row (creator, monitor, holders): each is
        # serialised once per answer, kept on the answer's root serializer.
        if self.root is self:
            return super().to_representation(user)
        known = self.root.__dict__.setdefault("_people_serialised", {})
        if user.pk not in known:
            known[user.pk] = super().to_representation(user)
        return known[user.pk]


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True)
    new_password = serializers.CharField(write_only=True)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(write_only=True)
