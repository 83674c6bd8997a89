"""Fault cases: the host is broken on purpose while clients use it; each case asserts that
nothing acknowledged is lost and says how the service behaved."""

from __future__ import annotations

import socket
import time

from client import tls_context, wait_for_health
from load import Load, burst, describe, statuses
from world import World, Writer, compare

RECORDS = "/api/records/?page_size=5"
WORKERS_PARALLEL = 8  # gunicorn's 4 workers x 2 threads (roles/mailtracker defaults)
# A killed worker takes the requests it was serving with it, but nginx lists the gunicorn socket
# twice (roles/mailtracker) and so retries the idempotent ones; at most a write in flight fails.
KILL_MAX_FAILED = 1


def postgres_restart(world: World) -> str:
    with (
        Writer(world, "pg") as writer,
        Load(world.host.address, world.writer.token, RECORDS, clients=4) as load,
    ):
        load.wait_for(20)
        world.host.ssh("systemctl restart postgresql")
        back = time.monotonic()  # systemctl returns once the cluster accepts connections again
        load.wait_for(60)
    after = load.failures(started_after=back)
    during = load.failures()
    assert load.count(started_after=back) >= 60, "too few requests after the restart to judge"
    assert not after, (
        f"{len(after)} of {load.count(started_after=back)} requests failed after "
        f"PostgreSQL was back: {describe(after)}"
    )
    lost = writer.lost()
    assert not lost, f"records acknowledged (201) before or during the restart are gone: {lost}"
    return (
        f"{load.count()} requests, {len(during)} failed while PostgreSQL restarted "
        f"({statuses(during)}), 0 after; "
        f"{len(writer.acknowledged)} acknowledged writes all kept"
    )


def _workers(world: World) -> tuple[str, list[str]]:
    main = world.host.ssh("systemctl show --property=MainPID --value mailtracker.service").strip()
    children = world.host.ssh(f"pgrep -P {main}", check=False).split()
    assert main != "0" and children, "mailtracker.service (gunicorn) has no running workers"
    return main, children


def worker_killed(world: World) -> str:
    main, workers = _workers(world)
    with (
        Writer(world, "kill") as writer,
        Load(world.host.address, world.writer.token, RECORDS, clients=4) as load,
    ):
        load.wait_for(20)
        killed_at = time.monotonic()
        world.host.ssh(f"kill -KILL {workers[0]}")
        replaced = None
        while time.monotonic() - killed_at < 10:
            now = world.host.ssh(f"pgrep -P {main}", check=False).split()
            if len(now) == len(workers) and workers[0] not in now:
                replaced = time.monotonic() - killed_at
                break
            time.sleep(0.1)
        served = burst(world.host.address, world.writer.token, RECORDS, WORKERS_PARALLEL)
        capacity_back = time.monotonic() - killed_at
        load.wait_for(40)
    failed = load.failures(started_after=killed_at - 1)
    assert len(failed) <= KILL_MAX_FAILED, (
        f"{len(failed)} requests failed after a worker was killed (at most {KILL_MAX_FAILED}): "
        f"{describe(failed)}"
    )
    assert replaced is not None, (
        f"gunicorn did not replace the killed worker within 10 s (workers: {workers})"
    )
    assert served.count(200) == WORKERS_PARALLEL and capacity_back <= 5, (
        f"{WORKERS_PARALLEL} parallel requests answered {served} "
        f"{capacity_back:.1f} s after the kill; expected all 200 within 5 s"
    )
    lost = writer.lost()
    assert not lost, f"acknowledged records are gone after the worker was killed: {lost}"
    return (
        f"{load.count()} requests, {len(failed)} failed; worker replaced in {replaced:.1f} s, "
        f"{WORKERS_PARALLEL} parallel requests served {capacity_back:.1f} s after the kill"
    )


def host_rebooted(world: World) -> str:
    with Writer(world, "boot") as writer:
        time.sleep(2)
    before = world.snapshot()
    seconds = world.host.reboot()
    healthy = wait_for_health(world.host.address, timeout=120)
    units = [
        "postgresql.service",
        "nginx.service",
        "mailtracker.socket",
        "mailtracker.service",
        "mailtracker-backup.timer",
    ]
    states = world.host.ssh("systemctl is-active " + " ".join(units), check=False).split()
    down = [unit for unit, state in zip(units, states, strict=False) if state != "active"]
    assert not down, f"after the reboot these units are not active: {down} ({states})"
    world.writer.close()
    world.reader.close()
    problems = compare(before, world.snapshot())
    assert not problems, "data differs after the reboot: " + "; ".join(problems)
    lost = writer.lost()
    assert not lost, f"records acknowledged before the reboot are gone: {lost}"
    return (
        f"host back in {seconds:.0f} s, app healthy {healthy:.1f} s later; "
        f"{len(before['records'])} records and {len(before['store'])} PDFs unchanged"
    )


def store_full(world: World) -> str:
    record = world.new_record(label="full")
    before_files = world.host.store_checksums(world.store)
    store = world.store
    world.host.ssh(
        "mount -t tmpfs -o size=256k,mode=2750,uid=$(id -u mailtracker),"
        f"gid=$(getent group www-data"
        f" | cut -d: -f3) mailtracker-full {store} && (dd if=/dev/zero of={store}/.filler bs=4k"
        " status=none || true)"
    )
    try:
        status, body = world.upload(record)
        left = world.host.ssh(f"ls -A {store}").split()
    finally:
        world.host.ssh(f"umount {store}")
    assert status == 507 and b"The document store is full; nothing was saved." in body, (
        f"an upload onto a full store answered {status} {body[:200]!r}; "
        "expected 507 'The document store is full; nothing was saved.'"
    )
    assert left == [".filler"], (
        f"the full store holds more than the filler after the upload: {left}"
    )
    rows = world.attachments(record)
    assert not rows, f"the failed upload left attachment rows: {rows}"
    assert world.host.store_checksums(world.store) == before_files, "the PDF store changed"
    status, _ = world.upload(record)
    assert status == 201, f"an upload after space came back answered {status}; expected 201"
    return "507 with a clear message, no partial file, no row; uploads work once space is back"


def upload_aborted(world: World) -> str:
    record = world.new_record(label="abort")
    before_files = world.host.store_checksums(world.store)
    declared, sent = 4 * 1024 * 1024, 1024 * 1024
    head = (
        f"POST /api/records/{record}/pdf/ HTTP/1.1\r\nHost: {world.host.address}\r\n"
        f"Authorization: Bearer {world.writer.token}\r\n"
        "Content-Type: multipart/form-data; boundary=xyz\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    start = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + world.pdf
    )
    with (
        socket.create_connection((world.host.address, 443), timeout=30) as plain,
        tls_context().wrap_socket(plain) as tls,
    ):
        tls.sendall(head + start + b"\0" * (sent - len(start)))
    time.sleep(1)  # the host notices the closed connection
    after_files = world.host.store_checksums(world.store)
    partial = world.host.ssh(f"find {world.store} -name '.upload-*' | wc -l").strip()
    buffered = world.host.ssh("find /var/lib/nginx/body -type f 2>/dev/null | wc -l").strip()
    served = burst(world.host.address, world.writer.token, RECORDS, WORKERS_PARALLEL)
    assert after_files == before_files and partial == "0", (
        "the aborted upload left a file in the store"
    )
    assert buffered == "0", f"nginx kept {buffered} buffered request bodies of the aborted upload"
    rows = world.attachments(record)
    assert not rows, f"the aborted upload left attachment rows: {rows}"
    assert served.count(200) == WORKERS_PARALLEL, (
        f"after the aborted upload {WORKERS_PARALLEL} parallel requests answered {served}: "
        "a worker is held"
    )
    return f"no file, no row, all {WORKERS_PARALLEL} worker threads free"


CASES = {
    "postgres-restart": ("PostgreSQL restarted under load", postgres_restart),
    "worker-killed": ("a gunicorn worker killed under load", worker_killed),
    "store-full": ("PDF store full during an upload", store_full),
    "upload-aborted": ("client aborting an upload mid-body", upload_aborted),
    "reboot": ("host rebooted", host_rebooted),
}
