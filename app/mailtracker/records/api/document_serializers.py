from rest_framework import serializers

from mailtracker.attachments.models import PdfAttachment


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    view_url = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True)

    class Meta:
        model = PdfAttachment
        fields = [
            "id", "record", "stage", "original_name", "size", "sha256", "page_count",
            "uploaded_by", "uploaded_at", "view_url", "version", "replaces", "state",
            "superseded_at", "removed_at", "removed_reason",
        ]  # fmt: skip
        read_only_fields = fields

    def get_view_url(self, attachment) -> str | None:
        if attachment.purged_at:
            return None
        return f"/api/records/{attachment.record_id}/pdf/view/?attachment={attachment.id}"


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=f"a PDF; stages: {PdfAttachment.Stage.values}")
    stage = serializers.ChoiceField(
        choices=PdfAttachment.Stage.choices, default=PdfAttachment.Stage.CREATED
    )


class AttachmentReplaceSerializer(serializers.Serializer):
    file = serializers.FileField()


class AttachmentRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="why the document no longer belongs to the record")
