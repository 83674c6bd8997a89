"""The pendency statement as JSON, for integrations (the page, CSV and PDF are in the UI)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mailtracker.records.selectors import remember_visibility
from mailtracker.statements.forms import PeriodForm
from mailtracker.statements.selectors import statement_for


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    designation = serializers.CharField(source="detail")
    received = serializers.IntegerField()
    disposed = serializers.IntegerField()
    pending = serializers.IntegerField()
    overdue = serializers.IntegerField()
    hops = serializers.IntegerField()
    average_days_per_hop = serializers.FloatField(source="average_days", allow_null=True)
    longest_days_per_hop = serializers.FloatField(source="longest_days", allow_null=True)


class StatementSerializer(serializers.Serializer):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    as_of = serializers.DateField(source="period.as_of")
    by_section = RowSerializer(many=True)
    by_officer = RowSerializer(many=True)


class StatementView(APIView):
    """Pendency and ageing for a period (``start``, ``end``; default this month so far), by
    section and by officer, over the records the caller may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
        ],
        responses=StatementSerializer,
    )
    def get(self, request):
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        remember_visibility(request.user)  # both halves of the statement filter by it
        statement = statement_for(request.user, period=form.period)
        return Response(StatementSerializer(statement).data)
