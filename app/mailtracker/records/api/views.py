"""Records API: parse input, call a service, answer. Every lookup starts from the visibility
selector, so a record outside the user's scope is a 404 whatever the endpoint."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from mailtracker.accounts.selectors import candidates_for
from mailtracker.audit.selectors import audit_events_for_record
from mailtracker.core.parsers import FiniteJSONParser
from mailtracker.core.pdf import dated_name
from mailtracker.org.models import Subsection
from mailtracker.records import exports, selectors, services
from mailtracker.records.api import serializers as s
from mailtracker.records.documents import record_close_with_document
from mailtracker.records.filters import RecordFilter, place_chosen, with_text_matches
from mailtracker.records.models import Assignment


class RecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Mail records the logged-in user may see."""

    filterset_class = RecordFilter
    serializer_class = s.RecordSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        place = place_chosen(self.request.query_params) if self.action == "list" else None
        return selectors.record_list(self.request.user, place=place)

    def list(self, request, *args, **kwargs):
        """Visible records; with ``q`` each says where its documents contain the words."""
        selectors.remember_visibility(request.user)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        with_text_matches(page, request.query_params.get("q", ""))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _record(self):
        return selectors.record_get_visible(self.request.user, self.kwargs["pk"])

    def _detail(self, record_id, code=status.HTTP_200_OK):
        record = selectors.record_detail(self.request.user, record_id)
        serializer = s.RecordDetailSerializer(record, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    @extend_schema(responses=s.RecordDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(request=s.RecordWriteSerializer, responses={201: s.RecordDetailSerializer})
    def create(self, request):
        """Register a letter: it starts Assigned, held by ``assignees`` (rules 1-3)."""
        serializer = s.RecordWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["subsection"] = data.get("subsection") or self._only_subsection()
        record = services.record_create(actor=request.user, **data)
        return self._detail(record.pk, status.HTTP_201_CREATED)

    def _only_subsection(self):
        choices = list(selectors.subsections_creatable_by(self.request.user)[:2])
        if len(choices) != 1:
            raise ValidationError(
                {"subsection": _("Choose the subsection to register the mail in.")}
            )
        return choices[0]

    @extend_schema(request=s.RecordUpdateSerializer, responses=s.RecordDetailSerializer)
    def partial_update(self, request, pk=None):
        record = self._record()
        serializer = s.RecordUpdateSerializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.record_update(
            actor=request.user, record=record, changes=dict(serializer.validated_data)
        )
        return self._detail(record.pk)

    def _act(self, serializer_class, service):
        """Validate the body, run the record service with it, answer with the record's state."""
        record = self._record()
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        service(actor=self.request.user, record=record, **serializer.validated_data)
        return self._detail(record.pk)

    @extend_schema(request=s.AssignSerializer, responses=s.RecordDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._act(s.AssignSerializer, services.record_assign)

    @extend_schema(request=s.ActionUpdateSerializer, responses=s.RecordDetailSerializer)
    @action(detail=True, methods=["post"], url_path="action")
    def update_action(self, request, pk=None):
        return self._act(s.ActionUpdateSerializer, services.record_update_action)

    @extend_schema(request=s.CloseSerializer, responses=s.RecordDetailSerializer)
    @action(detail=True, methods=["post"], parser_classes=[FiniteJSONParser, MultiPartParser])
    def close(self, request, pk=None):
        """Close (rule 10); 400 naming who still holds a part unless ``end_open_parts``."""
        # The API calls the closing PDF "file"; the service calls it "upload".
        return self._act(
            s.CloseSerializer,
            lambda file=None, **data: record_close_with_document(upload=file, **data),
        )

    @extend_schema(request=s.ReopenSerializer, responses=s.RecordDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(s.ReopenSerializer, services.record_reopen)

    @extend_schema(responses=s.AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def audit(self, request, pk=None):
        events = audit_events_for_record(record=self._record())
        return Response(s.AuditEventSerializer(events, many=True).data)

    @extend_schema(responses=s.CandidateSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def candidates(self, request):
        """Whom the logged-in user may register a letter for (rule 6), by subsection."""
        return Response(s.CandidateSerializer(candidates_for(request.user), many=True).data)

    @extend_schema(
        responses=s.CandidateSerializer(many=True), operation_id="records_candidates_of_record"
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="candidates",
        pagination_class=None,
        filterset_class=None,
    )
    def record_candidates(self, request, pk=None):
        """Whom the logged-in user may assign this record to or pass it on to: their
        candidates (rule 6) who do not hold it already."""
        people = selectors.candidates_for_record(request.user, self._record())
        return Response(s.CandidateSerializer(people, many=True).data)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="export/csv")
    def export_csv(self, request):
        return self._export(exports.records_csv, "text/csv; charset=utf-8", "csv")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="export/pdf")
    def export_pdf(self, request):
        return self._export(exports.records_pdf, "application/pdf", "pdf")

    def _export(self, render, content_type: str, extension: str) -> HttpResponse:
        filterset = RecordFilter(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        records = filterset.qs.order_by("-id")[: exports.MAX_ROWS]
        described = exports.describe_filters(filterset.form)
        response = HttpResponse(render(records, described), content_type=content_type)
        name = dated_name("mail-register", extension)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class AssignmentViewSet(viewsets.GenericViewSet):
    """Actions on one assignment: pass it on, mark it done, revoke it, or add a remark."""

    serializer_class = s.AssignmentSerializer
    # Only for the schema's types: every lookup goes through the scoping selector instead.
    queryset = Assignment.objects.none()

    def _assignment(self):
        return selectors.assignment_get_visible(self.request.user, self.kwargs["pk"])

    def _act(self, serializer_class, service, code=status.HTTP_200_OK):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        result = service(
            actor=self.request.user, assignment=self._assignment(), **serializer.validated_data
        )
        return Response(s.AssignmentSerializer(result).data, status=code)

    @extend_schema(request=s.ReassignSerializer, responses={201: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Pass on with a remark (rule 7); answers with the new step of the chain."""
        return self._act(
            s.ReassignSerializer, services.assignment_reassign, status.HTTP_201_CREATED
        )

    @extend_schema(request=s.PartDoneSerializer, responses=s.AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """The holder's part is done (rule 8)."""
        return self._act(s.PartDoneSerializer, services.assignment_mark_done)

    @extend_schema(request=s.RevokeSerializer, responses=s.AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """The assigner or the head takes the assignment back (rule 8)."""
        return self._act(s.RevokeSerializer, services.assignment_revoke)

    @extend_schema(methods=["GET"], responses=s.RemarkSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.RemarkSerializer, responses={201: s.RemarkSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def remarks(self, request, pk=None):
        assignment = self._assignment()
        if request.method == "GET":
            return Response(s.RemarkSerializer(assignment.remarks.all(), many=True).data)
        serializer = s.RemarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        remark = services.remark_add(
            actor=request.user, assignment=assignment, text=serializer.validated_data["text"]
        )
        return Response(s.RemarkSerializer(remark).data, status=status.HTTP_201_CREATED)


class CreatableSubsectionListView(generics.ListAPIView):
    """Subsections in which the logged-in user may register mail."""

    serializer_class = s.SubsectionSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Subsection.objects.none()
        return selectors.subsections_creatable_by(self.request.user)
