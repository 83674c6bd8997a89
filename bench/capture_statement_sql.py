# Run inside `mailtracker shell` on the bench host (bench/statement.py prepends USERNAME,
# START and END): builds the head's statement once and prints the SQL it sent.
import json
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mailtracker.statements.selectors import Period, statement_for

user = get_user_model().objects.get(username=USERNAME)  # noqa: F821
period = Period(start=date.fromisoformat(START), end=date.fromisoformat(END))  # noqa: F821
with CaptureQueriesContext(connection) as captured:
    statement_for(user, period=period)
heavy = [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
print("CAPTURED " + json.dumps(heavy))
