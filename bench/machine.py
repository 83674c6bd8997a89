"""What the figures were measured on, and how busy the machine was when they were."""

import os
import platform
import subprocess
import time
from datetime import UTC, datetime

# Two cores: a load average above this means something else competes with the measurement.
BUSY_LOAD = 1.5
# How long to wait for a busy machine to calm down before measuring anyway (and saying so).
MAX_WAIT_SECONDS = 150


def describe(host) -> dict[str, str]:
    cpu = _field("/proc/cpuinfo", "model name", ":") or "unknown"
    mem_kb = int(_field("/proc/meminfo", "MemTotal", ":").split()[0])
    os_release = host.run('. /etc/os-release && echo "$PRETTY_NAME"').strip()
    versions = host.run(
        "nginx -v 2>&1 | cut -d/ -f2; "
        "runuser -u postgres -- psql -X -A -t -c 'SHOW server_version' | cut -d' ' -f1; "
        "/opt/mailtracker/current/bin/gunicorn --version | tr -d '()' | awk '{print $NF}'"
    ).split()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{mem_kb / 1048576:.1f} GiB",
        "kernel": f"Linux {platform.release()}",
        "controller": _controller_os(),
        "test host": f"{os_release} (systemd-nspawn container on the same machine)",
        "software": f"nginx {versions[0]}, PostgreSQL {versions[1]}, gunicorn {versions[2]}",
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        .stdout.split(" [")[0]
        .strip(),
    }


def _field(path: str, name: str, separator: str) -> str:
    """The value of the first line of a "name: value" file (/proc, os-release) naming ``name``."""
    with open(path) as lines:
        for line in lines:
            key, _, value = line.partition(separator)
            if key.strip() == name:
                return value.strip().strip('"')
    return ""


def _controller_os() -> str:
    return _field("/etc/os-release", "PRETTY_NAME", "=") or "unknown"


def load() -> float:
    return os.getloadavg()[0]


def uptime_line() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def settle(part: str) -> float:
    """Print the load; while it is above BUSY_LOAD wait (up to MAX_WAIT_SECONDS). Returns the
    1-minute load average the part starts at, for the report."""
    print(f"\n== {part}\n   {uptime_line()}", flush=True)
    waited = 0
    while load() > BUSY_LOAD and waited < MAX_WAIT_SECONDS:
        if waited == 0:
            print(
                f"   load above {BUSY_LOAD}: waiting for it to drop (up to {MAX_WAIT_SECONDS} s)",
                flush=True,
            )
        time.sleep(10)
        waited += 10
    if waited:
        state = "settled" if load() <= BUSY_LOAD else "still busy, measuring anyway"
        print(f"   after {waited} s ({state}): {uptime_line()}", flush=True)
    return load()
