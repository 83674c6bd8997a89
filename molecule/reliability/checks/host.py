"""Commands on the test host over SSH, and its reboot.

A test host is a systemd-nspawn container (scripts/testhost). `systemctl reboot` inside it runs
the guest's complete shutdown; nspawn then exits with status 133, leaving the restart to its
service manager (systemd-nspawn@.service restarts on 133). The controller has no systemd, so
boot_again() plays that part: it boots the same root filesystem (the instance's overlay, with
everything the host wrote) again, as testhost does, and waits until the guest is up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TESTHOST_DIR = Path(__file__).resolve().parents[3] / "scripts" / "testhost"


class Host:
    def __init__(self, name: str, address: str, ssh_key: str) -> None:
        self.name, self.address, self.ssh_key = name, address, ssh_key

    def ssh(self, command: str, *, check: bool = True, timeout: float = 120) -> str:
        argv = [
            "ssh",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=5",
            "-o",
            "BatchMode=yes",
            "-i",
            self.ssh_key,
            f"root@{self.address}",
            command,
        ]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        if check and result.returncode != 0:
            raise AssertionError(
                f"on {self.name}: `{command}` failed ({result.returncode}): "
                f"{(result.stderr or result.stdout).strip()[-500:]}"
            )
        return result.stdout

    def store_checksums(self, store: str) -> dict[str, str]:
        """sha256 of every file in the PDF store, by name."""
        listing = self.ssh(
            f"cd {store} && find . -maxdepth 1 -type f -printf '%f\\0' "
            "| sort -z | xargs -0 -r sha256sum"
        )
        return {
            name: digest for digest, name in (line.split(None, 1) for line in listing.splitlines())
        }

    def destroy(self) -> float:
        """Kill the host at once, as a lost machine: SIGKILL to its init, which takes every
        process of the container with it (no shutdown, nothing flushed to the network). Returns
        the time (epoch seconds) it happened; `testhost down` removes what is left."""
        sys.path.insert(0, str(TESTHOST_DIR))
        import instance

        guest = instance.Instance(self.name)
        [nspawn] = guest.nspawn_pids()
        children = Path(f"/proc/{nspawn}/task/{nspawn}/children").read_text().split()
        destroyed_at = time.time()
        for child in children:
            os.kill(int(child), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while guest.is_running():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} still runs 60 s after its init was killed")
            time.sleep(0.2)
        return destroyed_at

    def reboot(self, timeout: float = 180) -> float:
        """Reboot the host; seconds until it is up again (systemd reports running or degraded)."""
        sys.path.insert(0, str(TESTHOST_DIR))
        import instance
        import network
        from common import locked

        guest = instance.Instance(self.name)
        started = time.monotonic()
        self.ssh("systemctl reboot", check=False)
        while guest.is_running():  # the guest shuts down; nspawn exits with 133
            if time.monotonic() - started > timeout:
                raise AssertionError(f"{self.name} did not shut down within {timeout:.0f}s")
            time.sleep(0.2)
        with locked(instance.STATE_LOCK):
            instance._boot(guest)
            network.configure_host_side(self.name, guest.index)
        instance._wait_until_ready(guest, timeout)
        return time.monotonic() - started
