"""Paths, settings and small helpers shared by the testhost modules.

Every setting can be overridden from the environment, so CI and a developer's machine can keep
their test hosts apart if they ever need to.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

# The base image is expensive (a debootstrap run), so it lives in a cache that survives reboots.
CACHE_DIR = Path(os.environ.get("TESTHOST_CACHE_DIR", "/var/cache/mailtracker-testhost"))
# Instances, their SSH key and the host-side bookkeeping. Instances die with the machine, the key
# may stay: it only ever opens throwaway hosts.
STATE_DIR = Path(os.environ.get("TESTHOST_STATE_DIR", "/var/lib/mailtracker-testhost"))
INSTANCES_DIR = STATE_DIR / "instances"
SSH_KEY = STATE_DIR / "id_ed25519"
# The account a host booted with `--login sudo` is reached through, as on a stock Ubuntu server:
# root may not log in over SSH, this user may, and sudo asks for its password (one per state
# directory, generated on first use).
SUDO_USER = "sysadmin"
SUDO_PASSWORD_FILE = STATE_DIR / "sysadmin.password"
# Instance INDEX gets PREFIX.INDEX.0/24: the controller is .1, the guest .2. A /16 of our own
# that nothing else on these machines uses, so one nftables rule can match all test hosts.
NET_PREFIX = os.environ.get("TESTHOST_NET_PREFIX", "10.231")
NFT_TABLE = "mailtracker_testhost"

# "ve-" + name must fit the kernel's 15-character interface names, or nspawn shortens it to a
# hash and we would not find the host side of the veth pair.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,11}$")

SSH_OPTIONS = (
    "-o",
    "StrictHostKeyChecking=no",  # throwaway hosts: a new host key on every boot
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "BatchMode=yes",
)


class TesthostError(RuntimeError):
    """A failure the user can act on; printed without a traceback."""


def log(message: str) -> None:
    """Progress goes to stderr, so stdout carries only results (an address, JSON)."""
    print(f"testhost: {message}", file=sys.stderr, flush=True)


def run(
    command: Sequence[str],
    *,
    check: bool = True,
    capture: bool = False,
    input_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise with its output, which is what one needs to debug it."""
    result = subprocess.run(
        list(command),
        input=input_text,
        text=True,
        check=False,
        # Never our stdout: that carries only results (an address) for the caller to parse.
        stdout=subprocess.PIPE if capture else sys.stderr,
        stderr=subprocess.PIPE if capture else None,
    )
    if check and result.returncode != 0:
        detail = (result.stderr or "").strip() if capture else ""
        raise TesthostError(f"{' '.join(command)} exited {result.returncode}. {detail}".strip())
    return result


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialize changes to shared host state (image cache, nftables, instance list)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def validate_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise TesthostError(
            f"instance name {name!r}: use 1-12 characters a-z, 0-9 and '-', starting with a letter"
        )
    return name


def validate_index(index: int) -> int:
    if not 1 <= index <= 254:
        raise TesthostError(f"instance index {index}: must be 1..254 (it is the third octet)")
    return index
