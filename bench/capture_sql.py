# Run on the test host by `mailtracker-manage shell` (bench/register.py writes it with a first
# line setting CASES and HOST). Calls the real view of each case's path as its user and prints,
# as one JSON line, the slowest SQL statement each request sent: what EXPLAIN examines.
import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from rest_framework.test import APIRequestFactory, force_authenticate

captured = {}
for case in CASES:  # noqa: F821 (set by the first line)
    user = get_user_model().objects.get(username=case["user"])
    request = APIRequestFactory().get(case["path"], HTTP_HOST=HOST, secure=True)  # noqa: F821
    force_authenticate(request, user=user)
    request.user = user  # for the staff UI's plain Django views
    view = resolve(case["path"].split("?")[0])
    with CaptureQueriesContext(connection) as queries:
        response = view.func(request, *view.args, **view.kwargs)
        if hasattr(response, "render"):
            response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{case['path']}: {response.status_code} {response.content[:300]!r}")
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    captured[case["name"]] = slowest["sql"]
print("CAPTURED " + json.dumps(captured))
