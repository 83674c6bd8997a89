"""Part 6: the pendency statement at 1,000,000 records (run after part 2 grew the register):
p50/p95 of `GET /api/statement/` for last month, sequential keep-alive requests over HTTPS, as
the head (the whole register), a section head (a sixth) and an officer (a 24th), and the
EXPLAIN (ANALYZE) of the statement's queries. A separate entry: it does not touch the list
measurements of part 2."""

import json
import statistics
from datetime import date, timedelta
from pathlib import Path

from bench import machine
from bench.api import ApiClient
from bench.host import APP_SESSION

WARMUP, SAMPLES = 5, 50
P95_LIMIT_MS = 50
USERS = {"head": "bench_head", "section head": "bench_head_1", "officer": "bench_officer_1_1"}
CAPTURE_SCRIPT = Path(__file__).with_name("capture_statement_sql.py")


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _path(today: date) -> str:
    start, end = last_month(today)
    return f"/api/statement/?start={start.isoformat()}&end={end.isoformat()}"


def measure(host) -> dict[str, tuple[float, float, int]]:
    """{user: (p50 ms, p95 ms, sections in the answer)}."""
    path, figures = _path(date.today()), {}
    for role, username in USERS.items():
        client = ApiClient(host.address).login(username)
        rows = len(client.get_json(path)["by_section"])
        for _ in range(WARMUP):
            client.timed_get(path)
        cuts = statistics.quantiles(
            [client.timed_get(path) for _ in range(SAMPLES)], n=100, method="inclusive"
        )
        figures[role] = (cuts[49], cuts[94], rows)
        print(f"   statement {role:<13} p50 {cuts[49]:6.1f} ms  p95 {cuts[94]:6.1f} ms", flush=True)
    return figures


def explain(host) -> str:
    """The SQL the head's statement sends, captured from the app, with EXPLAIN (ANALYZE)."""
    start, end = last_month(date.today())
    script = (
        f"USERNAME = {USERS['head']!r}\nSTART = {start.isoformat()!r}\nEND = {end.isoformat()!r}\n"
        + CAPTURE_SCRIPT.read_text()
    )
    host.put("/var/lib/mailtracker-bench/capture_statement_sql.py", script.encode())
    output = host.manage('shell -c "$(cat /var/lib/mailtracker-bench/capture_statement_sql.py)"')
    statements = json.loads(output.split("CAPTURED ", 1)[1].splitlines()[0])
    plans = [host.psql(f"{APP_SESSION}\nEXPLAIN (ANALYZE, BUFFERS) {sql};") for sql in statements]
    return "\n\n".join(
        f"```\n{sql}\n\n{plan.strip()}\n```" for sql, plan in zip(statements, plans, strict=True)
    )


def run(host, report) -> None:
    load = machine.settle("Part 6: statement at 1,000,000 records")
    for role, (p50, p95, rows) in measure(host).items():
        report.add(
            "6 statement 1M",
            f"{role}: last month ({rows} sections)",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            target=f"p95 <= {P95_LIMIT_MS} ms",
            passed=p95 <= P95_LIMIT_MS,
            load=load,
        )
    report.note("Part 6: the statement's queries at 1,000,000 records", explain(host))
