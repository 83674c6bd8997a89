from rest_framework import serializers

from mailtracker.attachments.active_content import LABELS
from mailtracker.attachments.models import PdfAttachment


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    view_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True)
    active_content = serializers.ListField(
        child=serializers.ChoiceField(choices=list(LABELS)),
        read_only=True,
        help_text="active content found (shown inline without it; ?download=1 gives the bytes)",
    )

    class Meta:
        model = PdfAttachment
        fields = [
            "id", "record", "stage", "original_name", "size", "sha256", "page_count",
            "uploaded_by", "uploaded_at", "view_url", "version", "replaces", "state",
            "superseded_at", "removed_at", "removed_reason", "active_content", "processing_state",
            "processing_error", "processed_at", "thumbnail_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_view_url(self, attachment) -> str | None:
        if attachment.purged_at:
            return None
        return f"/api/records/{attachment.record_id}/pdf/view/?attachment={attachment.id}"

    def get_thumbnail_url(self, attachment) -> str | None:
        if not attachment.has_thumbnail or attachment.purged_at:
            return None
        return f"/api/records/{attachment.record_id}/pdf/{attachment.id}/thumbnail/"


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=f"a PDF; stages: {PdfAttachment.Stage.values}")
    stage = serializers.ChoiceField(
        choices=PdfAttachment.Stage.choices, default=PdfAttachment.Stage.CREATED
    )


class AttachmentReplaceSerializer(serializers.Serializer):
    file = serializers.FileField()


class AttachmentRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="why the document no longer belongs to the record")
