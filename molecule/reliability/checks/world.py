"""The data the checks work with: logins, a record to attach letters to, and a snapshot of
everything a restore or a reboot must give back unchanged."""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from dataclasses import dataclass, field

from client import Client, multipart
from host import Host

# Demo office users made by `mailtracker seed_demo` (docs/contract.md).
WRITER = "demo_officer_a"  # an officer who may register mail in subsection Admin-A
READER = "demo_head"  # sees every record
# Fields computed from the clock, not stored: they change between two snapshots by themselves.
CLOCK_FIELDS = {"time_in_stage_seconds", "is_overdue"}


@dataclass
class World:
    host: Host
    password: str
    store: str
    internal_prefix: str
    pdf: bytes
    writer: Client = field(init=False)
    reader: Client = field(init=False)
    writer_id: int = field(init=False)

    def __post_init__(self) -> None:
        self.writer = Client(self.host.address).login(WRITER, self.password)
        self.reader = Client(self.host.address).login(READER, self.password)
        # A letter is registered for whoever will act on it: the writer, one of their own
        # candidates (an officer's own subsection).
        self.writer_id = int(self.writer.get_json("/api/me/")["id"])

    def new_record(self, client: Client | None = None, label: str = "") -> int:
        client = client or self.writer
        today = datetime.date.today()
        response = client.post_json(
            "/api/records/",
            {
                "letter_number": f"REL/{label or uuid.uuid4().hex[:8]}",
                "letter_date": today.isoformat(),
                "received_date": today.isoformat(),
                "subject": f"Reliability check {label}".strip(),
                "from_office": "Test office",
                "action_required": "None: written by the reliability checks",
                "due_date": (today + datetime.timedelta(days=7)).isoformat(),
                "assignees": [self.writer_id],
            },
        )
        if response.status != 201:
            raise AssertionError(
                f"creating a record answered {response.status}: {response.body[:300]!r}"
            )
        return int(response.json()["id"])

    def upload(
        self, record_id: int, content: bytes | None = None, client: Client | None = None
    ) -> tuple[int, bytes]:
        body, content_type = multipart(
            "file", "letter.pdf", content or self.pdf, {"stage": "created"}
        )
        response = (client or self.writer).request(
            "POST", f"/api/records/{record_id}/pdf/", body, {"Content-Type": content_type}
        )
        return response.status, response.body

    def attachments(self, record_id: int) -> list[dict]:
        return list(self.reader.get_json(f"/api/records/{record_id}/pdf/"))

    def snapshot(self) -> dict:
        """Every record (minus clock-dependent fields), every attachment's metadata, and the
        sha256 of every file in the store."""
        records, path = [], "/api/records/?page_size=200"
        while path:
            page = self.reader.get_json(path)
            records += [
                {k: v for k, v in r.items() if k not in CLOCK_FIELDS} for r in page["results"]
            ]
            path = _path_of(page.get("next"))
        records.sort(key=lambda r: r["id"])
        attachments = {str(r["id"]): self.attachments(r["id"]) for r in records}
        return {
            "records": records,
            "attachments": attachments,
            "store": self.host.store_checksums(self.store),
        }


def _path_of(url: str | None) -> str:
    if not url:
        return ""
    return "/" + url.split("://", 1)[-1].split("/", 1)[1]


def compare(before: dict, after: dict) -> list[str]:
    """What differs between two snapshots, in words (empty: nothing)."""
    problems = []
    old_ids = {r["id"] for r in before["records"]}
    new_ids = {r["id"] for r in after["records"]}
    if old_ids - new_ids:
        problems.append(f"records lost: {sorted(old_ids - new_ids)[:10]}")
    if new_ids - old_ids:
        problems.append(f"records that were not there before: {sorted(new_ids - old_ids)[:10]}")
    new_by_id = {r["id"]: r for r in after["records"]}
    changed = [r["id"] for r in before["records"] if new_by_id.get(r["id"], r) != r]
    if changed:
        problems.append(f"records changed: {changed[:10]}")
    for record_id, attachments in before["attachments"].items():
        if after["attachments"].get(record_id) != attachments:
            problems.append(f"PDF metadata of record {record_id} differs")
    missing = set(before["store"]) - set(after["store"])
    if missing:
        problems.append(f"PDF files lost: {sorted(missing)[:5]}")
    extra = set(after["store"]) - set(before["store"])
    if extra:
        problems.append(f"PDF files that were not there before: {sorted(extra)[:5]}")
    altered = [
        n
        for n in before["store"]
        if n in after["store"] and before["store"][n] != after["store"][n]
    ]
    if altered:
        problems.append(f"PDF files altered (checksum differs): {altered[:5]}")
    return problems


class Writer:
    """Registers records back to back in a thread; remembers those the app acknowledged (201),
    which must all still be there after any fault."""

    def __init__(self, world: World, label: str) -> None:
        self.world, self.label = world, label
        self.acknowledged: list[int] = []
        self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Writer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        client = Client(self.world.host.address, token=self.world.writer.token, timeout=20)
        number = 0
        while not self._stop.is_set():
            number += 1
            try:
                self.acknowledged.append(self.world.new_record(client, f"{self.label}-{number}"))
            except (AssertionError, OSError):
                self.failed += 1
                client.close()
                time.sleep(0.2)
        client.close()

    def lost(self) -> list[int]:
        """Acknowledged records the host no longer has."""
        return [
            record_id
            for record_id in self.acknowledged
            if self.world.reader.request("GET", f"/api/records/{record_id}/").status != 200
        ]
