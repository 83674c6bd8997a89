# Run on the test host by `mailtracker-manage shell` (bench/register.py sends it on stdin with
# the first line setting CASES and HOST). Calls the real list view for each case and prints, as
# one JSON line, the SQL it sent to PostgreSQL over records_mailrecord: what EXPLAIN examines.
import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailtracker.records.api.views import RecordViewSet
from rest_framework.test import APIRequestFactory, force_authenticate

list_view = RecordViewSet.as_view({"get": "list"})
captured = {}
for case in CASES:  # noqa: F821 (set by the first line)
    user = get_user_model().objects.get(username=case["user"])
    request = APIRequestFactory().get(case["path"], HTTP_HOST=HOST, secure=True)  # noqa: F821
    force_authenticate(request, user=user)
    with CaptureQueriesContext(connection) as queries:
        response = list_view(request)
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{case['path']}: {response.status_code} {response.content[:300]!r}")
    captured[case["name"]] = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "records_mailrecord"' in query["sql"]
    ]
print("CAPTURED " + json.dumps(captured))
