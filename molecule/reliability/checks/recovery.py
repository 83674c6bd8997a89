"""Registrations logged on the controller, and what a restored or promoted server kept of them.

Every registration (a record, then its letter with bytes of its own) is one JSON line in a log
file: when the app acknowledged both, the record's id and the letter's sha256, or when and how
it failed. The hosts share the controller's clock, so these times compare with the moment a
host was destroyed and with a restore target.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from client import Client
from host import Host
from world import World


def register(world: World, log: Path, label: str, *, seconds: float = 0, count: int = 0) -> str:
    """Register for SECONDS (or COUNT times), one at a time, logging each outcome."""
    client = Client(world.host.address, token=world.writer.token, timeout=10)
    deadline = time.time() + seconds
    number = acknowledged = failed = 0
    with log.open("a") as out:
        while (count and number < count) or (seconds and time.time() < deadline):
            number += 1
            entry = _registration(world, client, f"{label}-{number}")
            acknowledged += "id" in entry
            failed += "id" not in entry
            out.write(json.dumps(entry) + "\n")
            out.flush()
            if "id" not in entry:
                client.close()
                time.sleep(0.2)  # a failing server is not hammered
    client.close()
    return f"{acknowledged} registrations acknowledged, {failed} failed ({label})"


def lose(world: World, log: Path, seconds: float, record: Path, names: list[str]) -> str:
    """Register for SECONDS, then destroy the named hosts at once, in that order (the app's
    first, so that nothing writes to the database after it). Nothing is sent to a host once it
    is gone: its address is then routed nowhere of ours. Writes when each went to RECORD."""
    summary = register(world, log, "loss", seconds=seconds)
    destroyed = {name: Host(name, "", "").destroy() for name in names}
    record.write_text(json.dumps(destroyed))
    return f"{summary}; then destroyed " + ", ".join(
        f"{name} at {moment:.1f}" for name, moment in destroyed.items()
    )


def _registration(world: World, client: Client, label: str) -> dict:
    started = time.time()
    content = world.pdf + f"\n%reliability {label}\n".encode()
    try:
        record_id = world.new_record(client, label)
        status, body = world.upload(record_id, content, client)
    except (AssertionError, OSError) as failure:
        return {"label": label, "started": started, "failed": time.time(), "error": str(failure)}
    if status != 201:
        return {"label": label, "started": started, "failed": time.time(), "error": str(status)}
    return {
        "label": label,
        "started": started,
        "id": record_id,
        "attachment": json.loads(body)["id"],
        "sha256": hashlib.sha256(content).hexdigest(),
        "acknowledged": time.time(),
    }


def read_log(*logs: Path) -> list[dict]:
    return [json.loads(line) for log in logs for line in log.read_text().splitlines() if line]


def kept(world: World, entries: list[dict]) -> tuple[list[dict], list[dict]]:
    """Acknowledged registrations the host still has (record and letter, byte-identical),
    and those it lost. A registration is two transactions (the record, then its letter): when
    the restored database ends between them, the record is kept without that letter's row and
    the registration counts as lost ("partial"); its file is set aside by the restore. A letter
    whose row survived but whose bytes differ or are missing fails the check."""
    present, lost = [], []
    for entry in (e for e in entries if "id" in e):
        response = world.reader.request("GET", f"/api/records/{entry['id']}/")
        if response.status == 404:
            lost.append(entry)
            continue
        assert response.status == 200, f"record {entry['id']} answered {response.status}"
        if str(entry["attachment"]) not in {str(a["id"]) for a in world.attachments(entry["id"])}:
            lost.append({**entry, "partial": True})
            continue
        served = world.reader.request(
            "GET", f"/api/records/{entry['id']}/pdf/view/?attachment={entry['attachment']}"
        )
        digest = hashlib.sha256(served.body).hexdigest()
        assert served.status == 200 and digest == entry["sha256"], (
            f"record {entry['id']} survived but its letter answered {served.status} with sha256 "
            f"{digest}; it was uploaded with {entry['sha256']}"
        )
        present.append(entry)
    return present, lost


def after_loss(world: World, log: Path, destroyed_at: float, goal: float) -> str:
    """The host restored after the loss at DESTROYED_AT kept every registration acknowledged up
    to some moment and none after it; N = the seconds before the loss whose work is gone."""
    entries = read_log(log)
    present, lost = kept(world, entries)
    assert present, "no acknowledged registration survived the loss"
    last_kept = max(e["acknowledged"] for e in present)
    first_lost = min((e["acknowledged"] for e in lost), default=destroyed_at)
    assert last_kept < first_lost, (
        "the loss is not a clean suffix: a registration acknowledged at "
        f"{first_lost:.1f} is lost while one acknowledged at {last_kept:.1f} survived"
    )
    lost_seconds = destroyed_at - last_kept
    assert lost_seconds <= goal, (
        f"{len(lost)} acknowledged registrations lost, the last {lost_seconds:.1f} s before the "
        f"loss; the goal is at most {goal:.0f} s"
    )
    partial = sum(1 for e in lost if e.get("partial"))
    return (
        f"records lost: {len(lost)} of {len(present) + len(lost)} acknowledged, those of the last "
        f"N = {lost_seconds:.1f} s before the host was destroyed (goal <= {goal:.0f} s); "
        f"{partial} of them kept its record but not its letter (set aside); "
        f"{len(present)} surviving letters byte-identical (sha256)"
    )


def point_in_time(world: World, first: Path, second: Path) -> str:
    """Restored to a moment between two batches: exactly the first batch is there."""
    present_first, lost_first = kept(world, read_log(first))
    present_second, lost_second = kept(world, read_log(second))
    assert not lost_first, f"records of the first batch missing: {[e['id'] for e in lost_first]}"
    partial_second = [e["id"] for e in lost_second if e.get("partial")]
    assert not present_second and not partial_second, (
        f"records of the second batch present: {[e['id'] for e in present_second]}, "
        f"without their letters: {partial_second}"
    )
    set_aside = Path(world.store).parent / "set-aside"
    aside = world.host.ssh(f"cat $(ls -d {set_aside}/*/ | tail -n 1)store-check.json")
    orphans = set(json.loads(aside)["orphans"])
    missing = [e for e in read_log(second) if f"{e['attachment']}.pdf" not in orphans]
    assert not missing, f"letters of the second batch not set aside: {missing[:3]}"
    return (
        f"first batch all {len(present_first)} present with identical letters, second batch none; "
        f"its {len(read_log(second))} letters set aside, not deleted"
    )


def switchover(world: World, log: Path) -> str:
    """Registrations during a promotion: how many failed, and whether any acknowledged is lost."""
    entries = read_log(log)
    present, lost = kept(world, entries)
    failures = [e for e in entries if "id" not in e]
    window = (
        f", between {min(e['failed'] for e in failures):.1f} and "
        f"{max(e['failed'] for e in failures):.1f}"
        if failures
        else ""
    )
    assert not lost, f"acknowledged registrations lost in the promotion: {[e['id'] for e in lost]}"
    return (
        f"{len(entries)} registrations under the promotion: {len(failures)} failed{window} "
        f"({', '.join(sorted({e['error'][:40] for e in failures})) or 'none'}); "
        f"{len(present)} acknowledged, data lost: 0"
    )
