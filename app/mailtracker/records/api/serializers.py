from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mailtracker.accounts.api.serializers import UserSummarySerializer
from mailtracker.attachments.api.serializers import AttachmentSerializer
from mailtracker.org.models import Subsection
from mailtracker.records import policy
from mailtracker.records.models import Assignment, MailRecord, Remark

User = get_user_model()


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RecordSerializer(serializers.ModelSerializer):
    """A record as lists show it."""

    section = NamedRefSerializer(read_only=True)
    subsection = NamedRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    current_handler = UserSummarySerializer(read_only=True)
    created_by = UserSummarySerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    time_in_stage_seconds = serializers.SerializerMethodField()
    has_pdf = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = MailRecord
        fields = [
            "id", "serial", "letter_number", "letter_date", "received_date", "subject",
            "from_office", "action_required", "initial_instructions", "due_date", "section",
            "subsection", "status", "status_label", "current_handler", "monitoring_officer",
            "current_action_status", "current_action_remarks", "completion_date", "stage_since",
            "time_in_stage_seconds", "is_overdue", "has_pdf", "created_by", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_time_in_stage_seconds(self, record) -> int:
        return int(record.time_in_stage.total_seconds())


class RemarkSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)

    class Meta:
        model = Remark
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    assignee = UserSummarySerializer(read_only=True)
    assigned_by = UserSummarySerializer(read_only=True)
    remarks = RemarkSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "assignee", "assigned_by", "parent", "instructions", "state", "assigned_at",
            "ended_at", "remarks",
        ]  # fmt: skip
        read_only_fields = fields


class RecordDetailSerializer(RecordSerializer):
    """A record with its assignments, documents and what the reader may do with it."""

    assignments = AssignmentSerializer(source="assignment_list", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        fields = [*RecordSerializer.Meta.fields, "assignments", "attachments", "allowed_actions"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, record) -> list[str]:
        return policy.allowed_actions(self.context["request"].user, record)


class RecordWriteSerializer(serializers.ModelSerializer):
    """Fields a person types when registering or correcting a letter."""

    subsection = serializers.PrimaryKeyRelatedField(
        queryset=Subsection.objects.all(), required=False
    )
    monitoring_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = MailRecord
        fields = [
            "letter_number", "letter_date", "received_date", "subject", "from_office",
            "action_required", "initial_instructions", "due_date", "subsection",
            "monitoring_officer",
        ]  # fmt: skip


class RecordUpdateSerializer(RecordWriteSerializer):
    class Meta(RecordWriteSerializer.Meta):
        fields = [f for f in RecordWriteSerializer.Meta.fields if f != "subsection"]


class AssignSerializer(serializers.Serializer):
    assignees = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, allow_empty=False
    )
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class ReassignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class ActionUpdateSerializer(serializers.Serializer):
    action_status = serializers.CharField(max_length=200)
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    remarks = serializers.CharField(required=False, allow_blank=True, default="")
    completion_date = serializers.DateField(required=False, allow_null=True, default=None)
    file = serializers.FileField(required=False, help_text="the closing document (PDF)")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    action_label = serializers.CharField(source="get_action_display")
    actor = UserSummarySerializer(allow_null=True)
    at = serializers.DateTimeField()
    details = serializers.JSONField()
