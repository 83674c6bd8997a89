"""`python3 -m bench` (make bench): provision or reuse the test host mt-bench, measure, print one
table and write it to docs/benchmarks.md. The host stays up for the next run; `make
bench-destroy` removes it. `python3 -m bench --render` writes the document again from the last
run's figures, e.g. after bench/analysis.md changed; `python3 -m bench --again` (make
bench-again) brings the host to the current commit (booting it again on its disk if it stopped)
and measures parts 3, 2, 6 and 7 again on the register the last run left, once its database's
files are read into the cache.

Order: provisioning first (it needs a fresh host), then the bench-only servers, then the
register at 10,000 records (PDF delivery and the upload run against it), then every list at
1,000,000."""

import sys
import time

from bench import daily, delivery, machine, ocr, provisioning, register, statement, upload
from bench.host import REPO, STATE_DIR
from bench.report import Report

DOC = REPO / "docs" / "benchmarks.md"
# Written by hand after looking at a run's misses (profiles, plans, what was tried); copied into
# the document under the figures of every later run, with the date of the run it explains.
ANALYSIS = REPO / "bench" / "analysis.md"
LAST_RUN = STATE_DIR / "last-run.json"
ANALYSIS_TITLE = "Analysis of the missed targets"
INTRO = """\
# Benchmarks

Written by `make bench` (bench/, run as root on the development machine): it boots or reuses the
throwaway test host `mt-bench` (scripts/testhost, 10.231.91.2), provisions it with the real
`playbooks/site.yml`, and measures from the controller over HTTPS through nginx, like a client
on the LAN. Client and server share the machine's cores, so figures are compared side by side
in one run, as ratios, rather than against other machines. `make bench-destroy` removes the host.

How each part is measured:

1. **PDF delivery**: `wrk` from the controller at a fixed concurrency (2 threads, 8 connections,
   keep-alive), 10 s after a 2 s warm-up, three rounds of (a), (b), (c) in turn; the median round
   is reported. (a) nginx serves the stored file as a static file, from a bench-only server on
   port 8443 with the site's certificate; (b) the real path: `GET /api/records/{id}/pdf/view/`
   with an officer's JWT, the app authorizes and answers with `X-Accel-Redirect`, nginx sends the
   file; (c) the same request to a second gunicorn (same command line, same env file plus
   `PDF_DELIVERY=stream`, a transient systemd unit) behind the bench server, so Django sends the
   bytes and nginx proxies them.
2. **Every list**: `generate_register --records 1000000 --with-text` (records registered in
   order over five years, 6 sections of 4 subsections, every state), then `VACUUM (ANALYZE)`.
   The surface comes from the app (`mailtracker-manage list_surface`): for the API (JWT) and
   the register page (a session from the login form), for one person of each role, every value
   of every filter with every sort, every pair of filters, a month a year back on each date,
   and a jump to a date in each sort; and the dashboard per role. Sequential requests over one
   keep-alive HTTPS connection per person, 2 warm-up and 12 measured per case; target p95 ≤ 50
   ms (dashboard ≤ 100 ms); EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each case
   over target. Then issue 13's table again, by its method (medians of 7).
3. **Upload**: eight 500 KB uploads first (every worker has loaded the upload path), then each
   worker's peak resident memory is reset (`/proc/PID/clear_refs`) and a 50 MB PDF is uploaded
   through nginx; figure = the worker's peak during the upload minus its resident memory before.
4. **Provisioning**: `site.yml` on the newly booted host, then again; the recap gives
   `changed`. Every run builds the release (wheel and wheelhouse) on the controller from a
   snapshot of the commit measured (`git archive HEAD`), never from the work tree.

5. **OCR**: twenty one-page image-only scans (English and Hindi, 150 dpi) uploaded through nginx
   one after another; pages per minute from the first upload until the worker has done them all
   (polling each document's `processing_state`). The register's records also get one page of
   text each (`generate_register --with-text`), and part 2 measures `in documents`: a search
   inside the documents (`in_documents=true`) for a word on one record's page in fifty.

6. **Statement**: after part 2, with the register at 1,000,000 records, `GET /api/statement/`
   for last month, 5 warm-up and 50 measured sequential requests as the head (the whole
   register), a section head and an officer, and the `EXPLAIN (ANALYZE, BUFFERS)` of its
   grouped queries (bench/statement.py, a separate entry beside the list measurements).

7. **Daily run**: `mailtracker-manage send_digests` (what the digest timer starts each morning)
   on the million-record register, then again the same day, when nothing is new: wall time of
   the command, Python's start included.

The host runs as an office's server: the test settings it shares with Molecule run the digest
timer every two minutes, which `bench/site-vars.yml` sets back to the role's daily time (until
2026-12-03 the bench ran with it: at a million records each run took about 30 s of a core,
while the lists were measured).

Before each part the 1-minute load average is printed; above 1.5 the bench waits (up to 2.5
minutes) for it to drop, and the table shows the load each part started at.
"""


USAGE = "usage: python3 -m bench [--again | --render]"


def main(argv: list[str]) -> int:
    if argv not in ([], ["--again"], ["--render"]):
        # A whole run takes an hour: an unknown argument (--help included) must not start one.
        print(USAGE, file=sys.stderr)
        return 2
    if argv == ["--render"]:
        _write(Report.load(LAST_RUN))
        return 0
    started = time.monotonic()
    report = Report()
    if argv == ["--again"]:
        host = provisioning.update(report)
        report.machine.update(machine.describe(host))
        report.note(
            "Parts run",
            "Parts 3, 2, 6 and 7 only (`--again`), at the current commit on the last run's "
            "register.",
        )
        upload.run(host, report)
        register.run(host, report, reuse_register=True)
        statement.run(host, report)
        daily.run(host, report)
        return _finish(report, started)
    host = provisioning.run(report)
    report.machine.update(machine.describe(host))
    delivery.install_bench_servers(host)
    register.reset(host)
    print("   " + register.grow(host, 10_000), flush=True)
    delivery.run(host, report)
    upload.run(host, report)
    ocr.run(host, report)
    register.run(host, report)
    statement.run(host, report)
    daily.run(host, report)
    return _finish(report, started)


def _finish(report: Report, started: float) -> int:
    report.add("run", "whole bench", f"{(time.monotonic() - started) / 60:.1f} min")
    print("\n" + report.table() + "\n\n" + report.summary(), flush=True)
    report.save(LAST_RUN)
    _write(report)
    return 0


def _write(report: Report) -> None:
    if ANALYSIS.exists():
        report.notes[ANALYSIS_TITLE] = [ANALYSIS.read_text().strip()]
    report.write(DOC, INTRO)
    print(f"\nwritten to {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
