"""Part 2: every list a user can open, at 1,000,000 records. The surface is the app's own
(`mailtracker-manage list_surface`, generated from its filters, sorts and roles): the API's
records with a JWT, the register page and the dashboard with a real session, through nginx
over one keep-alive HTTPS connection per person. Each row: p50/p95 of sequential requests and
the 1-minute load when it was measured; for a row over target, EXPLAIN (ANALYZE) of the
slowest statement of its request. Then the table of issue 13 again, by its own method."""

import json
import os
import re
import shlex
import statistics
import time
from pathlib import Path

from bench import machine
from bench.api import ApiClient, WebClient
from bench.host import APP_SESSION, REPO

RECORDS = 1_000_000
WARMUP, SAMPLES = 2, 12
TARGET_MS = {"dashboard": 100}
LIST_TARGET_MS = 50
CAPTURE_SCRIPT = Path(__file__).with_name("capture_sql.py")
CAPTURE_PATH = "/var/lib/mailtracker-bench/capture_sql.py"
# EXPLAIN for the slowest rows over target: when most rows miss by the app's own time, the plans
# of all of them say nothing more and would fill the document.
EXPLAINED = 40
# The figures of every case, read by the app's test that the last run measured the surface.
FIGURES = REPO / "docs" / "benchmarks-lists.json"
# Issue 13's table, measured as the issue did: medians of 7 requests.
ISSUE_ROLES = {"head": "bench_head", "section head": "bench_head_1", "officer": "bench_officer_1_1"}
ISSUE_RUNS = 7


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
        "VACUUM (ANALYZE) attachments_documentpage; VACUUM (ANALYZE) records_statuscount;"
    )
    return summary


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


class Clients:
    """One logged-in client per person and kind (JWT for the API, a session for pages)."""

    def __init__(self, address: str):
        self.address = address
        self.clients = {}

    def get(self, kind: str, username: str):
        key = (kind, username)
        if key not in self.clients:
            client = ApiClient if kind == "api" else WebClient
            self.clients[key] = client(self.address).login(username)
        return self.clients[key]


def target(case: dict) -> int:
    return TARGET_MS.get(case["list"], LIST_TARGET_MS)


def measure(host, cases: list[dict]) -> dict[str, dict]:
    clients = Clients(host.address)
    figures = {}
    for number, case in enumerate(cases, 1):
        client = clients.get(case["list"], case["user"])
        for _ in range(WARMUP):
            client.timed_get(case["path"])
        load = os.getloadavg()[0]
        p50, p95 = _percentiles([client.timed_get(case["path"]) for _ in range(SAMPLES)])
        figures[case["name"]] = {"p50": round(p50, 1), "p95": round(p95, 1), "load": load}
        if number % 100 == 0 or p95 > target(case):
            print(
                f"   {number}/{len(cases)} {case['name']}: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
                f" (load {load:.2f})",
                flush=True,
            )
    return figures


def explain(host, cases: list[dict]) -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each case's request."""
    if not cases:
        return {}
    script = f"CASES = {json.dumps(cases)}\nHOST = {host.address!r}\n" + CAPTURE_SCRIPT.read_text()
    # As a file that `shell -c` runs: `shell` reads stdin only if it is ready at the very start,
    # and the script of a thousand cases is longer than a command line may be.
    host.put(CAPTURE_PATH, script.encode())
    output = host.manage(f"shell -c \"exec(open('{CAPTURE_PATH}').read())\"")
    captured = json.loads(output.split("CAPTURED ", 1)[1].splitlines()[0])
    return {
        name: _shortened(f"{sql}\n\n{_explain_warm(host, sql)}") for name, sql in captured.items()
    }


# A scoped user's visible ids (up to thousands) are spelt out in the SQL and in the plan.
LONG_ID_LIST = re.compile(r"(\d+, ?){20,}\d+")


def _shortened(text: str) -> str:
    """The plan with each long list of ids cut to its first three and a count."""

    def cut(match: re.Match) -> str:
        ids = match.group(0).replace(" ", "").split(",")
        return ", ".join(ids[:3]) + f", … ({len(ids)} ids)"

    return LONG_ID_LIST.sub(cut, text)


def _explain_warm(host, sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) in a session that has run the statement once already, with
    the app's connection settings: the app's persistent connections have their catalog caches
    loaded, a fresh psql session has not."""
    output = host.psql(
        f"{APP_SESSION}\nEXPLAIN (ANALYZE) {sql};\n\\echo WARM\nEXPLAIN (ANALYZE, BUFFERS) {sql};"
    )
    return output.split("WARM\n", 1)[1]


def issue_table(host) -> list[tuple[str, str, float]]:
    """Issue 13's rows: (request, role, median ms of 7). "page 4000" has become a jump to the
    date of the 100,000th newest record (offset pages are gone)."""
    deep = host.psql(
        "SELECT created_at::date FROM records_mailrecord ORDER BY id DESC OFFSET 100000 LIMIT 1;"
    ).strip()
    rows = [("API GET /api/records/?status=closed", "head", "api", "/api/records/?status=closed")]
    for label, path in [
        ("UI register ?status=closed", "/records/?status=closed"),
        ("UI register ?sort=due", "/records/?sort=due"),
        ("UI register ?sort=waiting", "/records/?sort=waiting"),
        (f"UI register ?go_to_date={deep} (was ?page=4000)", f"/records/?go_to_date={deep}"),
        ("UI dashboard", "/"),
    ]:
        rows += [(label, role, "register", path) for role in ISSUE_ROLES]
    rows.append(("UI register ?scope=closed", "head", "register", "/records/?scope=closed"))
    clients = Clients(host.address)
    measured = []
    for label, role, kind, path in rows:
        client = clients.get(kind, ISSUE_ROLES[role])
        client.timed_get(path)
        median = statistics.median(client.timed_get(path) for _ in range(ISSUE_RUNS))
        print(f"   issue 13: {label} as {role}: median {median:.1f} ms", flush=True)
        measured.append((label, role, median))
    return measured


def warm(host) -> str:
    """Read the database's files once, so that the operating system caches them as it does
    after a register is generated. On a host booted again its cache starts empty: the run
    of 2026-12-03 09:25 measured its first 250 cases 1.5 times slower than the run before
    it, and the same cases at par once the rest of the run had read the register."""
    started = time.monotonic()
    data = host.psql("SHOW data_directory;").strip()
    host.run(f"find {shlex.quote(data)}/base -type f -exec cat {{}} + > /dev/null")
    size = host.psql("SELECT pg_size_pretty(pg_database_size('mailtracker'));").strip()
    return f"database files read into the cache ({size}): {time.monotonic() - started:.0f} s"


def run(host, report, *, reuse_register: bool = False) -> None:
    """Every list at a million records: on a register generated afresh, or (``--again``) on
    the one the last run left on the host."""
    if reuse_register:
        held = int(host.psql("SELECT count(*) FROM records_mailrecord;"))
        if held != RECORDS:
            raise SystemExit(f"the host's register holds {held} records, not {RECORDS}")
        print("   " + warm(host), flush=True)
    else:
        reset(host)
        print("   " + grow(host, RECORDS), flush=True)
    cases = [
        json.loads(line) for line in host.manage("list_surface").splitlines() if line[:1] == "{"
    ]
    load = machine.settle(f"Part 2: every list at 1,000,000 records ({len(cases)} cases)")
    figures = measure(host, cases)
    FIGURES.write_text(json.dumps({"records": RECORDS, "cases": figures}, indent=0) + "\n")
    over = [case for case in cases if figures[case["name"]]["p95"] > target(case)]
    slowest = sorted(over, key=lambda case: figures[case["name"]]["p95"], reverse=True)
    plans = explain(host, slowest[:EXPLAINED])
    _report_surface(report, cases, figures, plans, load, len(over))
    load = machine.settle("Part 2: issue 13's table")
    for label, role, median in issue_table(host):
        limit = 100 if "dashboard" in label else LIST_TARGET_MS
        report.add(
            "2 issue 13 (1M)",
            f"{label}, {role}",
            f"median of {ISSUE_RUNS}: {median:.1f} ms",
            target=f"<= {limit} ms",
            passed=median <= limit,
            load=load,
        )


def _report_surface(report, cases, figures, plans, load, over_target: int) -> None:
    """One row per list and role in the results (cases, worst p95, over target), the full
    table and the plans of the rows over target as notes."""
    groups = {}
    for case in cases:
        groups.setdefault((case["list"], case["role"]), []).append(case)
    for (list_name, role), group in groups.items():
        worst = max(group, key=lambda case: figures[case["name"]]["p95"])
        over = [case for case in group if figures[case["name"]]["p95"] > target(case)]
        p95s = sorted(figures[case["name"]]["p95"] for case in group)
        report.add(
            "2 lists 1M",
            f"{list_name}, {role}: {len(group)} cases",
            f"median p95 {statistics.median(p95s):.1f} ms; worst p95 "
            f"{figures[worst['name']]['p95']:.1f} ms ({worst['name'].split(' | ')[2]}); "
            f"{len(over)} over target",
            target=f"every p95 <= {target(group[0])} ms",
            passed=not over,
            load=load,
        )
    lines = ["| case | p50 ms | p95 ms | target | result | load |", "|---|---|---|---|---|---|"]
    for case in cases:
        figure = figures[case["name"]]
        verdict = "pass" if figure["p95"] <= target(case) else "**FAIL**"
        lines.append(
            f"| {case['name']} | {figure['p50']} | {figure['p95']} | {target(case)} | "
            f"{verdict} | {figure['load']:.2f} |"
        )
    report.note(
        "Part 2: every list, full table",
        f"{len(cases)} cases from `list_surface`, {WARMUP} warm-up and {SAMPLES} measured "
        "requests each; *load* is the 1-minute load average when the case was measured.\n\n"
        + "\n".join(lines),
    )
    if plans:
        report.note(
            "Part 2: plans of the rows over target",
            f"The {len(plans)} slowest of the {over_target} rows over target.\n\n"
            + "\n\n".join(f"### {n}\n\n```\n{plan.strip()}\n```" for n, plan in plans.items()),
        )
