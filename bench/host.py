"""The benchmark's test host: booted with scripts/testhost, provisioned with the real
playbooks/site.yml, and driven over SSH as root."""

import json
import os
import re
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NAME = "mt-bench"
# The connection settings the app sets for its sessions (config/settings/base.py): an EXPLAIN
# shows the app's plans only in a session that has them too.
APP_SESSION = (
    "SET seq_page_cost = 0.1; SET random_page_cost = 0.1; SET jit = off;"
    " SET max_parallel_workers_per_gather = 0;"
)
INDEX = 91
RELEASE = "ubuntu-24.04"  # the mission's server
STATE_DIR = Path("/var/lib/mailtracker-bench")
# The committed app that every site.yml run of the bench builds its release from (snapshot_app).
SOURCE_DIR = STATE_DIR / "source"
# What the benchmark needs on top of the test settings: 50 MB uploads, no demo office (the bench
# register replaces it), and the port of the bench-only nginx server open in the firewall.
SITE_VARS = REPO / "bench" / "site-vars.yml"
RECAP = re.compile(
    r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE
)


def testhost(*args: str) -> str:
    result = subprocess.run(
        ["python3", str(REPO / "scripts" / "testhost"), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def state() -> str | None:
    """Running, stopped (its disk kept: ``resume`` boots it again) or None (no such host)."""
    listing = testhost("list").splitlines()[1:]
    return next((line.split()[-1] for line in listing if line.split()[0] == NAME), None)


def is_running() -> bool:
    return state() == "running"


@dataclass(frozen=True)
class Host:
    address: str
    identity_file: str

    @classmethod
    def connect(cls) -> "Host":
        info = json.loads(testhost("info", NAME))
        return cls(address=info["address"], identity_file=info["identity_file"])

    def _ssh(self) -> list[str]:
        return [
            "ssh",
            "-i",
            self.identity_file,
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            f"root@{self.address}",
        ]

    def run(self, command: str, *, stdin: bytes | None = None, check: bool = True) -> str:
        """Run a shell command line on the host as root and return its standard output."""
        result = subprocess.run(
            [*self._ssh(), command], input=stdin, capture_output=True, check=False
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"on {NAME}: {command[:200]!r} exited {result.returncode}:\n"
                f"{result.stderr.decode(errors='replace')[-2000:]}"
            )
        return result.stdout.decode()

    def put(self, path: str, content: bytes, mode: str = "0644") -> None:
        quoted = shlex.quote(path)
        self.run(
            f"mkdir -p $(dirname {quoted}) && cat > {quoted} && chmod {mode} {quoted}",
            stdin=content,
        )

    def psql(self, sql: str) -> str:
        """SQL as the postgres superuser on the mailtracker database, unaligned output."""
        return self.run(
            "runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d mailtracker",
            stdin=sql.encode(),
        )

    def manage(self, arguments: str, *, stdin: bytes | None = None) -> str:
        return self.run(f"/usr/local/sbin/mailtracker-manage {arguments}", stdin=stdin)


# profile_tasks ends the log with the slowest tasks: "role : task ---- 12.34s".
TASK_TIME = re.compile(r"^(.+?) -{3,} (\d+\.\d+)s$", re.MULTILINE)


@dataclass(frozen=True)
class PlaybookRun:
    seconds: float
    ok: int
    changed: int
    failed: int
    log: Path

    def slowest_tasks(self, count: int = 10) -> list[tuple[str, float]]:
        tasks = [
            (m.group(1).strip(), float(m.group(2)))
            for m in TASK_TIME.finditer(self.log.read_text())
        ]
        return sorted(tasks, key=lambda task: -task[1])[:count]


def write_inventory(address: str) -> Path:
    """A one-host inventory in every group, beside a link to the test settings (like demo-host)."""
    inventory_dir = STATE_DIR / "inventory"
    inventory_dir.mkdir(parents=True, exist_ok=True)
    link = inventory_dir / "group_vars"
    if not link.is_symlink():
        link.symlink_to(REPO / "inventories" / "molecule" / "group_vars")
    hosts = inventory_dir / "hosts.yml"
    groups = "\n".join(
        f"    {group}:\n      hosts:\n        {NAME}: {{ansible_host: {address}}}"
        for group in ("mailtracker_db", "mailtracker_app", "mailtracker_web")
    )
    hosts.write_text(f"# Written by bench/host.py.\nmailtracker:\n  children:\n{groups}\n")
    return hosts


def snapshot_app() -> str:
    """The committed app (HEAD) into the bench's own source directory, and its commit. The work
    tree is shared with people editing app/: building from it, two runs in a row could ship two
    different releases, and the figures would belong to no commit."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(["rm", "-rf", str(SOURCE_DIR)], check=True)
    SOURCE_DIR.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "app"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(SOURCE_DIR)], input=archive, check=True)
    return commit


def run_site(inventory: Path, label: str) -> PlaybookRun:
    """Run playbooks/site.yml against the bench host, timed from start to recap."""
    log = STATE_DIR / f"site-{label}.log"
    env_path = f"{REPO / '.venv-ops' / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    command = [
        "ansible-playbook",
        "-i",
        str(inventory),
        "playbooks/site.yml",
        "-e",
        f"@{SITE_VARS}",
        "-e",
        f"mailtracker_build_dir={STATE_DIR / 'build'}",
        # The release is built from the snapshot, never from the work tree (see snapshot_app).
        "-e",
        f"mailtracker_app_source_dir={SOURCE_DIR / 'app'}",
    ]
    started = time.monotonic()
    with log.open("w") as output:
        result = subprocess.run(
            command,
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
            env={
                **os.environ,
                "PATH": env_path,
                "ANSIBLE_NOCOLOR": "1",
                # The slowest tasks, for the report (profile_tasks sorts them at the end).
                "ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks",
                "PROFILE_TASKS_TASK_OUTPUT_LIMIT": "15",
            },
        )
    seconds = time.monotonic() - started
    recap = [m for m in RECAP.finditer(log.read_text()) if m.group(1) == NAME]
    if result.returncode != 0 or not recap:
        raise RuntimeError(f"site.yml ({label}) failed, see {log}")
    _, ok, changed, _unreachable, failed = recap[-1].groups()
    return PlaybookRun(seconds, int(ok), int(changed), int(failed), log)
