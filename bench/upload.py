"""Part 3: a 50 MB PDF upload and the resident memory of the gunicorn workers. Each worker's
peak (VmHWM) is reset through /proc/PID/clear_refs first, so the figure is the peak during the
upload minus what the worker held before it."""

import time

from bench import machine
from bench.api import ApiClient
from bench.pdfgen import scan_like_pdf

SIZE = 50 * 1024 * 1024
LIMIT_MB = 10
WARMUP_UPLOADS = 8


def _workers(host) -> list[int]:
    main_pid = host.run("systemctl show mailtracker.service -p MainPID --value").strip()
    return [int(pid) for pid in host.run(f"pgrep -P {main_pid}").split()]


def _memory_kb(host, pids: list[int]) -> dict[int, dict[str, int]]:
    fields = "grep -E '^Vm(HWM|RSS):' /proc/{pid}/status | tr -s ' ' | cut -d' ' -f2 | tr '\\n' ' '"
    output = host.run(" ".join(f"echo {pid} $({fields.format(pid=pid)});" for pid in pids))
    memory = {}
    for line in output.splitlines():
        pid, hwm, rss = (int(value) for value in line.split())
        memory[pid] = {"hwm": hwm, "rss": rss}
    return memory


def run(host, report) -> None:
    load = machine.settle("Part 3: 50 MB upload")
    head = ApiClient(host.address).login("bench_head")
    record_id = head.get_json("/api/records/?status=in_progress&page_size=1")["results"][0]["id"]
    # Every worker has then loaded the upload path (pypdf, the multipart parser) once.
    small = scan_like_pdf(500 * 1024)
    for number in range(WARMUP_UPLOADS):
        head.upload_pdf(record_id, small, f"warmup-{number}.pdf")
    pids = _workers(host)
    host.run(" ".join(f"echo 5 > /proc/{pid}/clear_refs;" for pid in pids))
    before = _memory_kb(host, pids)
    pdf = scan_like_pdf(SIZE)
    started = time.perf_counter()
    head.upload_pdf(record_id, pdf, "bench-50mb.pdf")
    seconds = time.perf_counter() - started
    after = _memory_kb(host, pids)
    rises = {pid: (after[pid]["hwm"] - before[pid]["rss"]) / 1024 for pid in pids}
    worker, rise = max(rises.items(), key=lambda item: item[1])
    details = ", ".join(
        f"{pid}: {before[pid]['rss'] / 1024:.1f} -> peak {after[pid]['hwm'] / 1024:.1f} MB"
        for pid in pids
    )
    print(
        f"   50 MB upload in {seconds:.1f} s; workers' resident memory (before -> peak during "
        f"the upload): {details}",
        flush=True,
    )
    report.add(
        "3 upload",
        "50 MB PDF: largest rise of a worker's resident memory",
        f"{rise:.1f} MB (worker {worker}; upload took {seconds:.1f} s)",
        target=f"<= {LIMIT_MB} MB",
        passed=rise <= LIMIT_MB,
        load=load,
    )
    report.note(
        "Part 3: upload memory per worker",
        "Resident memory of each gunicorn worker before the 50 MB upload and its peak "
        f"(VmHWM, reset just before) during it: {details}.",
    )
