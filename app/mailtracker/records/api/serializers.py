from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mailtracker.accounts.api.serializers import UserSummarySerializer
from mailtracker.org.models import Subsection
from mailtracker.records import policy
from mailtracker.records.api import rows
from mailtracker.records.api.document_serializers import AttachmentSerializer
from mailtracker.records.models import Assignment, MailRecord, Remark

User = get_user_model()


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HolderSerializer(serializers.Serializer):
    """Rule 5: one holder of the record and since when they hold it."""

    user = UserSummarySerializer(source="assignee")
    since = serializers.DateTimeField(source="assigned_at")
    assignment = serializers.IntegerField(source="pk")


class TextMatchSerializer(serializers.Serializer):
    attachment = serializers.CharField(source="attachment_id")
    document_name = serializers.CharField()
    page = serializers.IntegerField()
    snippet = serializers.SerializerMethodField()
    found = serializers.CharField()

    def get_snippet(self, match) -> str:
        return f"{match.before}{match.found}{match.after}"


class RecordSerializer(serializers.ModelSerializer):
    """A record as lists show it. The fields declare it (the schema, the detail); a list writes
    its rows directly from the same values (``records.api.rows``)."""

    section = NamedRefSerializer(read_only=True)
    subsection = NamedRefSerializer(read_only=True)
    status_label = serializers.CharField(read_only=True)
    holders = HolderSerializer(source="holding", many=True, read_only=True)
    monitoring_officer = UserSummarySerializer(read_only=True)
    created_by = UserSummarySerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    days_overdue = serializers.IntegerField(read_only=True, allow_null=True)
    time_in_stage_seconds = serializers.SerializerMethodField()
    has_pdf = serializers.BooleanField(read_only=True, default=False)
    thumbnail_url = serializers.SerializerMethodField()
    text_match = serializers.SerializerMethodField()

    class Meta:
        model = MailRecord
        fields = [
            "id", "serial", "letter_number", "letter_date", "received_date", "subject",
            "from_office", "action_required", "initial_instructions", "due_date", "section",
            "subsection", "status", "status_label", "holders", "monitoring_officer",
            "current_action_status", "current_action_remarks", "completion_date", "stage_since",
            "time_in_stage_seconds", "is_overdue", "days_overdue", "has_pdf", "thumbnail_url",
            "text_match", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, record):
        return rows.record_row(record, self._people)

    @cached_property
    def _people(self) -> rows.People:
        return rows.People()  # one per answer: the serializer of a list's rows serves them all

    def get_time_in_stage_seconds(self, record) -> int:
        return int(record.time_in_stage.total_seconds())

    def get_thumbnail_url(self, record) -> str | None:
        return rows.thumbnail_url(record)

    @extend_schema_field(TextMatchSerializer(allow_null=True))
    def get_text_match(self, record):
        """With ``q``: where the record's documents contain the words (first such page)."""
        match = getattr(record, "text_match", None)
        return TextMatchSerializer(match).data if match else None


class RemarkSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)

    class Meta:
        model = Remark
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    assignee = UserSummarySerializer(read_only=True)
    assigned_by = UserSummarySerializer(read_only=True)
    ended_by = UserSummarySerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    remarks = RemarkSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "assignee", "assigned_by", "parent", "instructions", "state", "state_label",
            "assigned_at", "ended_at", "ended_by", "end_remark", "remarks",
        ]  # fmt: skip
        read_only_fields = fields


class RecordDetailSerializer(RecordSerializer):
    """A record with its assignments, documents and what the reader may do with it."""

    assignments = AssignmentSerializer(source="assignment_list", many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        fields = [*RecordSerializer.Meta.fields, "assignments", "attachments", "allowed_actions"]
        read_only_fields = fields

    # One record: DRF's generic path over every declared field.
    to_representation = serializers.ModelSerializer.to_representation

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, record) -> list:
        """The current documents; GET .../pdf/?history=1 lists every version."""
        current = [a for a in record.attachments.all() if a.is_current]
        return AttachmentSerializer(current, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, record) -> list[str]:
        return policy.allowed_actions(self.context["request"].user, record)


class RecordWriteSerializer(serializers.ModelSerializer):
    """Fields a person types when registering a letter, with who will act on it (rule 2)."""

    subsection = serializers.PrimaryKeyRelatedField(
        queryset=Subsection.objects.all(), required=False
    )
    monitoring_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    assignees = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        many=True,
        allow_empty=False,
        help_text="who will act on the letter: ids from GET /api/records/candidates/",
    )
    instructions = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = MailRecord
        fields = [
            "letter_number", "letter_date", "received_date", "subject", "from_office",
            "action_required", "initial_instructions", "due_date", "subsection",
            "monitoring_officer", "assignees", "instructions",
        ]  # fmt: skip


class RecordUpdateSerializer(serializers.ModelSerializer):
    """Corrections of the registered details (and the monitoring officer, rule 4)."""

    monitoring_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = MailRecord
        fields = [
            "letter_number", "letter_date", "received_date", "subject", "from_office",
            "action_required", "initial_instructions", "due_date", "monitoring_officer",
        ]  # fmt: skip


class AssignSerializer(serializers.Serializer):
    assignees = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, allow_empty=False
    )
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class ReassignSerializer(serializers.Serializer):
    """Pass on (rule 7). ``remark`` is required; older clients sent only ``instructions``,
    which then serves as the remark."""

    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    remark = serializers.CharField(required=False, allow_blank=True, default="")
    instructions = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        data["remark"] = data["remark"].strip() or data["instructions"].strip()
        if not data["remark"]:
            raise serializers.ValidationError({"remark": "Say why you pass it on."})
        return data


class PartDoneSerializer(serializers.Serializer):
    remark = serializers.CharField(help_text="what was done")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionUpdateSerializer(serializers.Serializer):
    action_status = serializers.ChoiceField(
        choices=(), help_text="one of the office's ACTION_STATUSES"
    )
    remarks = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per instance, so the schema's enum and the check follow the office's setting.
        field = self.fields["action_status"]
        field.choices = settings.ACTION_STATUSES
        field.error_messages["invalid_choice"] = (
            f'"{{input}}" is not an action of this office: {", ".join(settings.ACTION_STATUSES)}.'
        )


class CloseSerializer(serializers.Serializer):
    remarks = serializers.CharField(help_text="how the letter was dealt with (required)")
    completion_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_open_parts = serializers.BooleanField(
        required=False,
        default=False,
        help_text="confirm ending the parts other people still hold",
    )
    file = serializers.FileField(required=False, help_text="the closing document (PDF)")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CandidateSerializer(UserSummarySerializer):
    """A person one may give work to, with the section to group them by."""

    section_name = serializers.SerializerMethodField()

    class Meta(UserSummarySerializer.Meta):
        fields = [*UserSummarySerializer.Meta.fields, "section_name"]

    def get_section_name(self, user) -> str | None:
        return user.subsection.section.name if user.subsection_id else None


class SubsectionSerializer(serializers.ModelSerializer):
    section_name = serializers.CharField(source="section.name", read_only=True)

    class Meta:
        model = Subsection
        fields = ["id", "name", "section", "section_name"]


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    action_label = serializers.CharField(source="get_action_display")
    actor = UserSummarySerializer(allow_null=True)
    at = serializers.DateTimeField()
    details = serializers.JSONField()
