"""PDF endpoints. Each starts from the record visibility selector, so a record outside the
user's scope answers 404 for its metadata, its uploads and its view alike."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from mailtracker.attachments import selectors, services
from mailtracker.attachments.api.serializers import (
    AttachmentReplaceSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
)
from mailtracker.attachments.delivery import pdf_response
from mailtracker.records.selectors import record_for_documents, records_visible_to


class RecordPdfView(APIView):
    """The documents of a record: list their metadata, or upload one."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentSerializer(many=True))
    def get(self, request, record_id):
        record = record_for_documents(request.user, record_id)
        return Response(
            AttachmentSerializer(selectors.attachments_of(record=record), many=True).data
        )

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    def post(self, request, record_id):
        record = record_for_documents(request.user, record_id)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_upload(
            actor=request.user,
            record=record,
            upload=serializer.validated_data["file"],
            stage=serializer.validated_data["stage"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class RecordPdfDetailView(APIView):
    """One document of a record: delete it (audited)."""

    @extend_schema(responses={204: None})
    def delete(self, request, record_id, attachment_id):
        record = record_for_documents(request.user, record_id)
        attachment = selectors.attachment_of(record=record, attachment_id=attachment_id)
        services.attachment_delete(actor=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecordPdfReplaceView(APIView):
    """Replace one document by a new file (audited; the old file is removed)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=AttachmentReplaceSerializer, responses={201: AttachmentSerializer})
    def post(self, request, record_id, attachment_id):
        record = record_for_documents(request.user, record_id)
        old = selectors.attachment_of(record=record, attachment_id=attachment_id)
        serializer = AttachmentReplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = services.attachment_replace(
            actor=request.user, old=old, upload=serializer.validated_data["file"]
        )
        return Response(AttachmentSerializer(new).data, status=status.HTTP_201_CREATED)


class RecordPdfContentView(APIView):
    """The PDF itself: authorized here, streamed by nginx (X-Accel-Redirect, empty body)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("attachment", OpenApiTypes.UUID, description="which document"),
            OpenApiParameter("download", OpenApiTypes.BOOL, description="save instead of show"),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, record_id):
        # Authorized and fetched in one statement: this is the hot path of PDF delivery.
        visible = records_visible_to(request.user).filter(pk=record_id)
        attachment = selectors.attachment_to_show(
            record=visible, attachment_id=request.query_params.get("attachment")
        )
        return pdf_response(attachment, as_download=request.query_params.get("download") == "1")
