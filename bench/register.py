"""Part 2: the register at 10,000 and at 1,000,000 records, through the API as a section head
and as an officer: p50/p95 of sequential keep-alive requests over HTTPS, and EXPLAIN (ANALYZE)
of every list query at the larger size."""

import json
import re
import statistics
from pathlib import Path
from urllib.parse import urlencode

from bench import machine
from bench.api import ApiClient, cursor_before

WARMUP, SAMPLES = 20, 200
P95_LIMIT_MS = 50
# Who is measured, and the SQL condition of their scope (to find the middle of it).
SECTION_1 = "section_id = (SELECT id FROM org_section WHERE name = 'Bench section 1')"
SUBSECTION_1_1 = "subsection_id = (SELECT id FROM org_subsection WHERE name = 'S1-1')"
USERS = {
    "section head": ("bench_head_1", SECTION_1),
    "officer": ("bench_officer_1_1", SUBSECTION_1_1),
}
SEARCH_WORD = "pension"
# In the page text of one record in fifty (generate_register --with-text).
TEXT_WORD = "gratuity"
CAPTURE_SCRIPT = Path(__file__).with_name("capture_sql.py")
INDEX_NODE = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)"
)
SEQ_NODE = re.compile(r"Seq Scan on (records_mailrecord|records_assignment)")


def reset(host) -> None:
    """An empty register (the bench's own records of a previous run included) and PDF store."""
    host.psql("TRUNCATE records_mailrecord CASCADE;")
    host.run("find /var/lib/mailtracker/pdfs -type f -delete")


def grow(host, records: int) -> str:
    # As the schema owner: generate_register ends with ANALYZE, which only the owner may run.
    summary = host.manage(f"--owner generate_register --records {records} --with-text").strip()
    # A register that grew over years has been vacuumed by autovacuum along the way; one bulk
    # insert has not. VACUUM sets the visibility map that index-only scans rely on.
    host.psql(
        "VACUUM (ANALYZE) records_mailrecord; VACUUM (ANALYZE) records_assignment; "
        "VACUUM (ANALYZE) attachments_documentpage;"
    )
    return summary


def _deep_id(host, scope_sql: str) -> int:
    """The record half-way down the user's scope, newest first."""
    # The scope conditions are the constants above, not input.
    sql = (
        f"SELECT id FROM records_mailrecord WHERE {scope_sql} ORDER BY id DESC "  # noqa: S608
        f"OFFSET (SELECT count(*) / 2 FROM records_mailrecord WHERE {scope_sql}) LIMIT 1;"
    )
    return int(host.psql(sql).strip())


def _queries(deep_id: int) -> dict[str, str]:
    return {
        "first page": "/api/records/",
        "deep page": "/api/records/?" + urlencode({"cursor": cursor_before(deep_id)}),
        "overdue": "/api/records/?overdue=true",
        "word search": "/api/records/?" + urlencode({"q": SEARCH_WORD}),
        "in documents": "/api/records/?" + urlencode({"q": TEXT_WORD, "in_documents": "true"}),
        "detail": f"/api/records/{deep_id}/",
    }


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def measure(host, size_label: str) -> dict[tuple[str, str], tuple[float, float]]:
    """p50/p95 in ms per (user, query) at the register's current size."""
    figures = {}
    for role, (username, scope_sql) in USERS.items():
        client = ApiClient(host.address).login(username)
        for name, path in _queries(_deep_id(host, scope_sql)).items():
            for _ in range(WARMUP):
                client.timed_get(path)
            p50, p95 = _percentiles([client.timed_get(path) for _ in range(SAMPLES)])
            figures[(role, name)] = (p50, p95)
            print(
                f"   {size_label:>9} {role:<13} {name:<12} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms",
                flush=True,
            )
    return figures


def explain(host) -> dict[str, tuple[str, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL each list request sends, run as postgres. Returns
    {case: (plan text, index verdict)}."""
    cases = []
    for role, (username, scope_sql) in USERS.items():
        for name, path in _queries(_deep_id(host, scope_sql)).items():
            if name != "detail":
                cases.append({"name": f"{role}: {name}", "user": username, "path": path})
    script = f"CASES = {json.dumps(cases)}\nHOST = {host.address!r}\n" + CAPTURE_SCRIPT.read_text()
    # As a file and `shell -c`: `shell` reads stdin only if it is ready at the very start.
    host.put("/var/lib/mailtracker-bench/capture_sql.py", script.encode())
    output = host.manage('shell -c "$(cat /var/lib/mailtracker-bench/capture_sql.py)"')
    captured = json.loads(output.split("CAPTURED ", 1)[1].splitlines()[0])
    plans = {}
    for case, statements in captured.items():
        texts = [_explain_warm(host, sql) for sql in statements]
        plan = "\n\n".join(f"{sql}\n\n{text}" for sql, text in zip(statements, texts, strict=True))
        plans[case] = (plan, _index_verdict("\n".join(texts)))
    return plans


def _explain_warm(host, sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) in a session that has run the statement once already: the app's
    persistent connections have their catalog caches loaded, a fresh psql session has not, and
    its planning time would be that of the first request after a restart."""
    output = host.psql(f"EXPLAIN (ANALYZE) {sql};\n\\echo WARM\nEXPLAIN (ANALYZE, BUFFERS) {sql};")
    return output.split("WARM\n", 1)[1]


def _index_verdict(plan: str) -> str:
    """Which indexes of the register's tables the plan uses (record_*, records_*: the user, org
    and token lookups around them are primary keys of small tables)."""
    indexes = sorted(
        {m.group(2) for m in INDEX_NODE.finditer(plan) if m.group(2).startswith("record")}
    )
    scans = sorted({match.group(1) for match in SEQ_NODE.finditer(plan)})
    verdict = ("index: " + ", ".join(indexes)) if indexes else "no index"
    if scans:
        verdict += "; sequential scan of " + ", ".join(scans)
    return verdict


def run(host, report) -> None:
    reset(host)
    print("   " + grow(host, 10_000), flush=True)
    load = machine.settle("Part 2: register at 10,000 records")
    small = measure(host, "10,000")
    print("   " + grow(host, 990_000), flush=True)
    load_large = machine.settle("Part 2: register at 1,000,000 records")
    large = measure(host, "1,000,000")
    plans = explain(host)
    for (role, name), (p50, p95) in small.items():
        report.add(
            "2 register 10k", f"{role}: {name}", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", load=load
        )
    for (role, name), (p50, p95) in large.items():
        verdict = plans.get(f"{role}: {name}", ("", ""))[1]
        report.add(
            "2 register 1M",
            f"{role}: {name}",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms" + (f" ({verdict})" if verdict else ""),
            target=f"p95 <= {P95_LIMIT_MS} ms",
            passed=p95 <= P95_LIMIT_MS,
            load=load_large,
        )
    for (role, name), (_p50, p95) in large.items():
        ratio = p95 / small[(role, name)][1]
        report.add(
            "2 register 1M/10k",
            f"{role}: {name}",
            f"p95 x{ratio:.2f}",
            target="<= 2x",
            passed=ratio <= 2,
            load=load_large,
        )
    report.note("Part 2: query plans at 1,000,000 records", _plans_markdown(plans))


def _plans_markdown(plans: dict[str, tuple[str, str]]) -> str:
    blocks = [
        "The SQL each list request sends (captured from the app's real list view) and its "
        "`EXPLAIN (ANALYZE, BUFFERS)` run by psql as postgres on the test host."
    ]
    for case, (plan, verdict) in plans.items():
        blocks.append(f"### {case} — {verdict}\n\n```\n{plan.strip()}\n```")
    return "\n\n".join(blocks)
