"""Part 1: PDF delivery at fixed concurrency, three ways, measured with wrk from the controller:
(a) nginx serving the stored file as a plain static file — the physical limit here;
(b) the real path: JWT-authorized API view answering with X-Accel-Redirect, nginx sends the bytes;
(c) Django streaming the file itself through a second gunicorn (PDF_DELIVERY=stream).
(a) and (c) are served by a bench-only nginx server on port 8443 with the site's certificate."""

import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench import machine
from bench.api import ApiClient
from bench.pdfgen import scan_like_pdf

BENCH_PORT = 8443
STREAM_UNIT = "mailtracker-bench-stream"
STREAM_SOCKET = "/run/mailtracker-bench/gunicorn.sock"
PDF_DIR = "/var/lib/mailtracker/pdfs"
LUA = Path(__file__).with_name("wrk_report.lua")
# 8 readers at once: the app's 4 workers x 2 threads are all busy, none queue behind another.
THREADS, CONNECTIONS, SECONDS, WARMUP_SECONDS, ROUNDS = 2, 8, 10, 2, 3
SIZES = {"500 KB": 500 * 1024, "5 MB": 5 * 1024 * 1024}
LINK_RATE = "1gbit"

NGINX_SERVER = """\
# Bench-only (make bench), on the throwaway test host: never part of a real installation.
upstream mailtracker_bench_stream {
    server unix:%(socket)s fail_timeout=0;
}

server {
    listen %(port)d ssl;
    server_name _;
    ssl_certificate /etc/nginx/tls/mailtracker.crt;
    ssl_certificate_key /etc/nginx/tls/mailtracker.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:MozSSL:10m;
    ssl_session_tickets off;

    # (a) the stored files as plain static files.
    location /static-pdfs/ {
        alias %(pdf_dir)s/;
        default_type application/pdf;
    }

    # (c) the app with PDF_DELIVERY=stream, proxied exactly like the site's location /.
    location / {
        proxy_pass http://mailtracker_bench_stream;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_redirect off;
        proxy_read_timeout 70s;
    }
}
"""


@dataclass(frozen=True)
class Throughput:
    requests_per_s: float
    mb_per_s: float
    p99_ms: float


def install_bench_servers(host) -> None:
    """The bench nginx server and the streaming gunicorn: a transient unit with the same command
    line as mailtracker.service, its env file plus PDF_DELIVERY=stream, on its own socket."""
    host.put("/etc/mailtracker-bench/stream.env", b"PDF_DELIVERY='stream'\n")
    exec_start = host.run("systemctl show mailtracker.service -p ExecStart --value")
    argv = re.search(r"argv\[\]=(.+?) ;", exec_start).group(1)
    host.run(
        f"systemctl stop {STREAM_UNIT} 2>/dev/null; systemctl reset-failed {STREAM_UNIT} "
        "2>/dev/null; true"
    )
    host.run(
        f"systemd-run --unit={STREAM_UNIT} -p User=mailtracker -p Group=www-data "
        "-p EnvironmentFile=/etc/mailtracker/mailtracker.env "
        "-p EnvironmentFile=/etc/mailtracker-bench/stream.env "
        "-p RuntimeDirectory=mailtracker-bench -p WorkingDirectory=/ -p PrivateTmp=yes "
        f"{argv.replace(' config.wsgi:application', '')} --bind unix:{STREAM_SOCKET} --umask 7 "
        "config.wsgi:application"
    )
    config = NGINX_SERVER % {"socket": STREAM_SOCKET, "port": BENCH_PORT, "pdf_dir": PDF_DIR}
    host.put("/etc/nginx/sites-enabled/mailtracker-bench.conf", config.encode())
    host.run("nginx -t -q && systemctl reload nginx")
    for _ in range(60):
        if host.run(f"test -S {STREAM_SOCKET} && echo yes", check=False).strip() == "yes":
            return
        time.sleep(1)
    raise RuntimeError(f"{STREAM_UNIT} did not open {STREAM_SOCKET}")


def _wrk(url: str, token: str | None, seconds: int) -> dict:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(LUA),
        url,
    ]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(url: str, token: str | None, size: int) -> Throughput:
    _wrk(url, token, WARMUP_SECONDS)
    result = _wrk(url, token, SECONDS)
    if result["socket_errors"] or result["bad_status"] or result["requests"] == 0:
        raise RuntimeError(f"wrk {url}: errors in {result}")
    if result["bytes"] < result["requests"] * size:
        raise RuntimeError(f"wrk {url}: answers shorter than the file: {result}")
    seconds = result["duration_us"] / 1e6
    return Throughput(
        result["requests"] / seconds, result["bytes"] / seconds / 1e6, result["p99_ms"]
    )


def _pick_open_record(officer: ApiClient) -> int:
    page = officer.get_json("/api/records/?status=in_progress&page_size=1")
    return page["results"][0]["id"]


def run(host, report) -> None:
    load = machine.settle("Part 1: PDF delivery")
    address = host.address
    head = ApiClient(address).login("bench_head")
    officer = ApiClient(address).login("bench_officer_1_1")
    record_id = _pick_open_record(officer)
    paths = {}
    for label, size in SIZES.items():
        attachment = head.upload_pdf(record_id, scan_like_pdf(size), f"bench-{size}.pdf")
        file_name = f"{attachment['id']}.pdf"
        view = f"/api/records/{record_id}/pdf/view/?attachment={attachment['id']}"
        paths[label] = {
            "a": (f"https://{address}:{BENCH_PORT}/static-pdfs/{file_name}", None),
            "b": (f"https://{address}{view}", officer.token),
            "c": (f"https://{address}:{BENCH_PORT}{view}", officer.token),
        }
    print(
        f"   wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s after {WARMUP_SECONDS} s warm-up, "
        f"{ROUNDS} rounds of a, b, c in turn; the median round counts",
        flush=True,
    )
    for label, size in SIZES.items():
        rounds = {way: [] for way in "abc"}
        for _ in range(ROUNDS):
            for way, (url, token) in paths[label].items():
                rounds[way].append(measure(url, token, size))
        median = {way: _median(results) for way, results in rounds.items()}
        _report(report, label, median, load)
    _on_office_link(host, report, paths)


def _on_office_link(host, report, paths) -> None:
    """The same three ways once more with the host's answers limited to 1 Gbit/s (tbf on its
    network interface), as on an office LAN: here the link is the limit, not the CPU. For
    context only; the targets are judged on the unlimited figures above."""
    print(f"   on a {LINK_RATE} link (tbf on the host's interface), one round:", flush=True)
    host.run(f"tc qdisc replace dev host0 root tbf rate {LINK_RATE} burst 512kb latency 20ms")
    try:
        for label, size in SIZES.items():
            result = {way: measure(url, token, size) for way, (url, token) in paths[label].items()}
            for way, throughput in result.items():
                _print(f"{label} {LINK_RATE}", way, throughput)
            b_over_a = result["b"].requests_per_s / result["a"].requests_per_s
            b_over_c = result["b"].requests_per_s / result["c"].requests_per_s
            report.add(
                "1 PDF delivery",
                f"{label} over a {LINK_RATE} link: b/a, b/c",
                f"{b_over_a:.2f}, {b_over_c:.2f} (a {result['a'].mb_per_s:.0f} MB/s, "
                f"b {result['b'].mb_per_s:.0f} MB/s, c {result['c'].mb_per_s:.0f} MB/s)",
            )
    finally:
        host.run("tc qdisc del dev host0 root", check=False)


def _print(label: str, way: str, result: Throughput) -> None:
    print(
        f"   {label:>12} ({way}) {WAYS[way]:<30} {result.requests_per_s:8.1f} req/s "
        f"{result.mb_per_s:8.1f} MB/s  p99 {result.p99_ms:.0f} ms",
        flush=True,
    )


def _median(results: list[Throughput]) -> Throughput:
    return sorted(results, key=lambda r: r.requests_per_s)[len(results) // 2]


WAYS = {
    "a": "nginx static file",
    "b": "API view + X-Accel-Redirect",
    "c": "Django streams it (gunicorn)",
}


def _report(report, label: str, median: dict[str, Throughput], load: float) -> None:
    for way, result in median.items():
        _print(label, way, result)
        report.add(
            "1 PDF delivery",
            f"{label} ({way}) {WAYS[way]}",
            f"{result.requests_per_s:.1f} req/s, {result.mb_per_s:.1f} MB/s",
            load=load,
        )
    b_over_a = median["b"].requests_per_s / median["a"].requests_per_s
    b_over_c = median["b"].requests_per_s / median["c"].requests_per_s
    ratio_a_target = 0.8 if label == "5 MB" else 0.5
    report.add(
        "1 PDF delivery",
        f"{label} ratio b/a",
        f"{b_over_a:.2f}",
        target=f">= {ratio_a_target}",
        passed=b_over_a >= ratio_a_target,
        load=load,
    )
    if label == "5 MB":
        report.add(
            "1 PDF delivery",
            f"{label} ratio b/c",
            f"{b_over_c:.2f}",
            target=">= 3",
            passed=b_over_c >= 3,
            load=load,
        )
    else:
        report.add("1 PDF delivery", f"{label} ratio b/c", f"{b_over_c:.2f}", load=load)
