"""Reliability and hostile-input checks against a provisioned Mail Tracker test host.

    python3 molecule/reliability/checks --host ADDRESS --name NAME --ssh-key KEY [options] CASE...
    python3 molecule/reliability/checks ... snapshot FILE        record what the host holds
    python3 molecule/reliability/checks ... restored FILE        the host holds exactly that
    python3 molecule/reliability/checks ... register LOG LABEL SECONDS|xN  registrations, logged
    python3 molecule/reliability/checks ... lose LOG SECONDS OUT NAME...  register, destroy hosts
    python3 molecule/reliability/checks ... after-loss LOG DESTROYED_AT GOAL    what a restore kept
    python3 molecule/reliability/checks ... point-in-time FIRST_LOG SECOND_LOG  exactly the first
    python3 molecule/reliability/checks ... switchover LOG       failed and lost during a promotion

Cases: postgres-restart, worker-killed, store-full, upload-aborted, reboot, traversal, old-tls.
Each prints "case: <what> passed (<details>)" or "case: <what> FAILED: <broken behaviour>";
the exit status is 1 when any case failed. Traffic goes to the test host's address only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import traceback
from pathlib import Path

import faults
import hostile
import recovery
from host import Host
from world import World, compare

CASES = faults.CASES | hostile.CASES


def _register(world: World, log: str, label: str, amount: str) -> str:
    if amount.startswith("x"):
        return recovery.register(world, Path(log), label, count=int(amount[1:]))
    return recovery.register(world, Path(log), label, seconds=float(amount))


RECOVERY = {
    "register": ("registrations", _register),
    "lose": (
        "registrations until the servers are destroyed",
        lambda world, log, seconds, record, *names: recovery.lose(
            world, Path(log), float(seconds), Path(record), list(names)
        ),
    ),
    "after-loss": (
        "restore to the latest point after the loss of the servers",
        lambda world, log, at, goal: recovery.after_loss(world, Path(log), float(at), float(goal)),
    ),
    "point-in-time": (
        "restore to a moment between two batches",
        lambda world, first, second: recovery.point_in_time(world, Path(first), Path(second)),
    ),
    "switchover": (
        "registrations while the standby is promoted",
        lambda world, log: recovery.switchover(world, Path(log)),
    ),
}


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    host = Host(args.name, args.host, args.ssh_key)
    world = World(
        host, args.password, args.store, args.internal_prefix, Path(args.pdf).read_bytes()
    )
    if args.cases[:1] == ["snapshot"]:
        Path(args.cases[1]).write_text(json.dumps(world.snapshot(), indent=1))
        return 0
    if args.cases[:1] == ["restored"]:
        return _report(
            "backup then restore on a fresh host",
            lambda: restored(world, json.loads(Path(args.cases[1]).read_text())),
        )
    if args.cases[0] in RECOVERY:
        title, check = RECOVERY[args.cases[0]]
        return _report(title, lambda: check(world, *args.cases[1:]))
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        raise SystemExit(f"unknown cases {unknown}; known: {sorted(CASES)}")
    return max(_report(CASES[c][0], lambda c=c: CASES[c][1](world)) for c in args.cases)


def restored(world: World, expected: dict) -> str:
    """The fresh host holds the snapshot taken on the old one and serves each PDF unchanged."""
    problems = compare(expected, world.snapshot())
    assert not problems, "the restored host differs from the backed-up one: " + "; ".join(problems)
    served = 0
    for record_id, rows in expected["attachments"].items():
        for row in rows:
            response = world.reader.request(
                "GET", f"/api/records/{record_id}/pdf/view/?attachment={row['id']}"
            )
            digest = _sha256(response.body)
            assert response.status == 200 and digest == row["sha256"], (
                f"PDF {row['id']} served after the restore answered {response.status} "
                f"with sha256 {digest}; expected 200 with {row['sha256']}"
            )
            served += 1
    return (
        f"{len(expected['records'])} records, {len(expected['store'])} PDF files byte-identical "
        f"(sha256), {served} served through nginx"
    )


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _report(title: str, run) -> int:
    started = time.monotonic()
    try:
        details = run()
    except AssertionError as failure:
        print(f"case: {title} FAILED: {failure}", flush=True)
        return 1
    except Exception:
        print(f"case: {title} FAILED with an error:\n{traceback.format_exc()}", flush=True)
        return 1
    print(f"case: {title} passed ({details}; {time.monotonic() - started:.0f} s)", flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", required=True, help="the test host's address")
    parser.add_argument("--name", required=True, help="its scripts/testhost name")
    parser.add_argument("--ssh-key", required=True)
    parser.add_argument("--password", default="mailtracker-demo", help="demo users' password")
    parser.add_argument("--store", default="/var/lib/mailtracker/pdfs")
    parser.add_argument("--internal-prefix", default="/_protected_pdfs/")
    parser.add_argument("--pdf", required=True, help="a small valid PDF to upload")
    parser.add_argument("cases", nargs="+")
    return parser


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
