"""Part 5: OCR throughput of the document worker on this machine's cores. Image-only scans (the
English and the Hindi one of Molecule's verify, one page each, 150 dpi) are uploaded through
nginx; the figure is pages per minute from the first upload to the last document done, as the
API reports each document's processing state."""

import time

from bench import machine
from bench.api import ApiClient
from bench.host import REPO

FILES = REPO / "molecule" / "resources" / "files"
SCANS = [FILES / "scan-en.pdf", FILES / "scan-hi.pdf"]
UPLOADS = 20  # pages: ten of each language
TIMEOUT_SECONDS = 900


def run(host, report) -> None:
    load = machine.settle("Part 5: OCR throughput")
    head = ApiClient(host.address).login("bench_head")
    record_id = head.get_json("/api/records/?status=in_progress&page_size=1")["results"][0]["id"]
    started = time.monotonic()
    ids = set()
    for number in range(UPLOADS):
        scan = SCANS[number % len(SCANS)]
        ids.add(head.upload_pdf(record_id, scan.read_bytes(), f"ocr-{number}-{scan.name}")["id"])
    states = {}
    while time.monotonic() - started < TIMEOUT_SECONDS:
        documents = head.get_json(f"/api/records/{record_id}/pdf/")
        states = {d["id"]: d["processing_state"] for d in documents if d["id"] in ids}
        if all(state != "pending" for state in states.values()):
            break
        time.sleep(1)
    minutes = (time.monotonic() - started) / 60
    done = sum(state == "done" for state in states.values())
    rate = done / minutes
    print(f"   OCR: {done} of {UPLOADS} pages done in {minutes * 60:.0f} s: {rate:.1f} pages/min")
    report.add(
        "5 OCR",
        "image-only scans (eng, hin), 150 dpi, one page each: pages per minute",
        f"{rate:.1f} pages/min ({done} of {UPLOADS} done in {minutes * 60:.0f} s)",
        target=f"all {UPLOADS} done",
        passed=done == UPLOADS,
        load=load,
    )
