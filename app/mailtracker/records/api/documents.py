"""PDF endpoints. Each starts from the record visibility selector, so a record outside the
user's scope answers 404 for its metadata, its uploads and its view alike."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from mailtracker.attachments import selectors
from mailtracker.attachments.delivery import pdf_response, thumbnail_response
from mailtracker.records import documents
from mailtracker.records.api.document_serializers import (
    AttachmentRemoveSerializer,
    AttachmentReplaceSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
)
from mailtracker.records.selectors import record_for_documents, records_visible_to

HISTORY = OpenApiParameter(
    "history", OpenApiTypes.BOOL, description="every version, superseded and removed ones too"
)


class RecordPdfView(APIView):
    """The documents of a record: list their metadata, or upload one."""

    parser_classes = [MultiPartParser]

    @extend_schema(parameters=[HISTORY], responses=AttachmentSerializer(many=True))
    def get(self, request, record_id):
        record = record_for_documents(request.user, record_id)
        history = request.query_params.get("history") in {"1", "true"}
        attachments = selectors.attachments_of(record=record, history=history)
        return Response(AttachmentSerializer(attachments, many=True).data)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    def post(self, request, record_id):
        record = record_for_documents(request.user, record_id)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = documents.attachment_upload(
            actor=request.user,
            record=record,
            upload=serializer.validated_data["file"],
            stage=serializer.validated_data["stage"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


def _remove(request, record_id, attachment_id, data) -> Response:
    record = record_for_documents(request.user, record_id)
    attachment = selectors.attachment_of(record=record, attachment_id=attachment_id)
    # The service checks the permission before the reason, so a stranger learns nothing more.
    reason = data.get("reason", "") if hasattr(data, "get") else ""
    removed = documents.attachment_remove(
        actor=request.user, attachment=attachment, reason=str(reason)
    )
    return Response(AttachmentSerializer(removed).data)


class RecordPdfDetailView(APIView):
    """One document of a record: remove it from the record (audited; the bytes are kept).
    DELETE takes the reason in the body or as ``?reason=``."""

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request=AttachmentRemoveSerializer,
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, required=False)],
        responses=AttachmentSerializer,
    )
    def delete(self, request, record_id, attachment_id):
        data = request.data or {"reason": request.query_params.get("reason", "")}
        return _remove(request, record_id, attachment_id, data)


class RecordPdfRemoveView(APIView):
    """Remove a document from the record, saying why (rule 13: the bytes are kept)."""

    @extend_schema(request=AttachmentRemoveSerializer, responses=AttachmentSerializer)
    def post(self, request, record_id, attachment_id):
        return _remove(request, record_id, attachment_id, request.data)


class RecordPdfReplaceView(APIView):
    """Store a new version of one document (audited; the old version stays, superseded)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=AttachmentReplaceSerializer, responses={201: AttachmentSerializer})
    def post(self, request, record_id, attachment_id):
        record = record_for_documents(request.user, record_id)
        old = selectors.attachment_of(record=record, attachment_id=attachment_id)
        serializer = AttachmentReplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = documents.attachment_replace(
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


class RecordPdfThumbnailView(APIView):
    """The first page of one document as a PNG, once the worker has made it (404 before):
    authorized like the PDF, streamed by nginx."""

    @extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY})
    def get(self, request, record_id, attachment_id):
        record = record_for_documents(request.user, record_id)
        return thumbnail_response(
            selectors.attachment_of(record=record, attachment_id=attachment_id)
        )
