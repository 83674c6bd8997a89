from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

HealthSerializer = inline_serializer(
    "Health", {"status": serializers.CharField(), "database": serializers.CharField()}
)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure to answer means "not healthy", whatever the driver raised
        return False


@extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
@api_view(["GET"])
@authentication_classes([])
@permission_classes([])
def health(request):
    """App and database health, for load balancers and the deploy playbook."""
    if database_ok():
        return Response({"status": "ok", "database": "ok"})
    return Response(
        {"status": "error", "database": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE
    )
