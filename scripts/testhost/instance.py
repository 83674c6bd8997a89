"""Test host instances: an overlay on the base image, booted by systemd-nspawn, reached by SSH.

Each instance lives in INSTANCES_DIR/NAME:
    rootfs/            overlay mount (base image below, upper/ above): what the guest sees as /
    upper/ work/       the overlay's writable layer; the base image is never written
    index release      bookkeeping: the network index, the release it runs (releases.py),
    login image pid    how SSH reaches it (root, or sudo: common.SUDO_USER with a password for
                       sudo, root refused), the image it boots from, the nspawn PID
    console.log        the guest's console, the first place to look when a boot fails

The controller does not run systemd, so nspawn runs with --register=no --keep-unit as a plain
background process in its own session, and we stop it by its PID: SIGTERM makes nspawn power
the guest off cleanly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import debcache
import network
import releases
from common import (
    INSTANCES_DIR,
    SSH_KEY,
    SSH_OPTIONS,
    STATE_DIR,
    SUDO_PASSWORD_FILE,
    SUDO_USER,
    TesthostError,
    locked,
    log,
    run,
    validate_index,
    validate_name,
)
from image import ensure_image

STATE_LOCK = STATE_DIR / ".state.lock"
READY_STATES = ("running", "degraded")  # degraded: booted, some unit failed; we list which
LOGINS = ("root", "sudo")
# A stock Ubuntu server: root may not log in over SSH (sshd reads this before its own config).
NO_ROOT_SSH = "# Written by scripts/testhost: log in as the sudo user.\nPermitRootLogin no\n"


class Instance:
    """One test host's directory and bookkeeping files."""

    def __init__(self, name: str) -> None:
        self.name = validate_name(name)
        self.dir = INSTANCES_DIR / name
        self.rootfs = self.dir / "rootfs"

    @property
    def index(self) -> int | None:
        path = self.dir / "index"
        return int(path.read_text()) if path.exists() else None

    @property
    def release(self) -> releases.Release:
        path = self.dir / "release"
        name = path.read_text().strip() if path.exists() else releases.DEFAULT_RELEASE
        return releases.release(name)

    @property
    def login(self) -> str:
        path = self.dir / "login"
        return path.read_text().strip() if path.exists() else "root"

    @property
    def user(self) -> str:
        return SUDO_USER if self.login == "sudo" else "root"

    @property
    def address(self) -> str:
        if self.index is None:
            raise TesthostError(f"no test host named {self.name}")
        return network.guest_address(self.index)

    def nspawn_pids(self) -> list[int]:
        """Live nspawn processes booting this instance: the recorded one and any orphan."""
        return [pid for pid, directory in nspawn_processes() if directory == self.rootfs]

    def is_running(self) -> bool:
        return bool(self.nspawn_pids())


def up(
    name: str, index: int, release: releases.Release, *, login: str = "root", boot_timeout: float
) -> str:
    """Boot NAME with RELEASE on network INDEX, reached by LOGIN, unless it already runs so;
    return its address once SSH answers."""
    instance = Instance(name)
    validate_index(index)
    with locked(STATE_LOCK):
        wanted = (index, release, login)
        if instance.is_running() and (instance.index, instance.release, instance.login) == wanted:
            log(f"{name} is already running")
        else:
            _teardown(instance)  # a stopped or half-created leftover of an earlier run
            _check_index_free(name, index)
            try:
                _start(instance, index, release, login)
            except BaseException:
                _teardown(instance)
                _close_forwarding_if_idle()
                raise
    try:
        _wait_until_ready(instance, boot_timeout)
    except BaseException:
        _print_console_tail(instance)
        down(name)
        raise
    return instance.address


def resume(name: str, *, boot_timeout: float) -> str:
    """Boot NAME again on the disk it left when it stopped (the controller restarted, or its
    nspawn was killed): what a long setup built on it, such as the bench's million-record
    register, is kept. Return its address once SSH answers."""
    instance = Instance(name)
    with locked(STATE_LOCK):
        image = instance.dir / "image"
        if instance.index is None or not image.exists():
            raise TesthostError(f"no test host named {name} to resume")
        base = Path(image.read_text())
        if instance.is_running():
            log(f"{name} is already running")
        elif not base.is_dir():
            raise TesthostError(f"{name}'s base image is gone; `up` it afresh")
        else:
            _power_off(instance)  # what a killed nspawn may have left: its veth, the mount
            _mount_overlay(instance, base)
            _boot_on_network(instance, instance.index)
    _wait_until_ready(instance, boot_timeout)
    return instance.address


def stop(name: str) -> None:
    """Power NAME off and keep its disk for ``resume``. Succeeds when it is already stopped."""
    instance = Instance(name)
    with locked(STATE_LOCK):
        if instance.index is None:
            raise TesthostError(f"no test host named {name}")
        _power_off(instance)
        _close_forwarding_if_idle()
        log(f"{name} stopped; its disk is kept (`resume {name}`, or `down {name}` to remove)")


def down(name: str) -> None:
    """Power NAME off and remove every trace of it. Succeeds when there is nothing to remove."""
    instance = Instance(name)
    with locked(STATE_LOCK):
        _teardown(instance)
        _close_forwarding_if_idle()


def gc(prefix: str = "") -> None:
    """Remove every instance (whose name starts with PREFIX), including orphans of killed runs."""
    with locked(STATE_LOCK):
        names = {path.name for path in INSTANCES_DIR.glob("*") if path.is_dir()}
        names |= {directory.parent.name for _, directory in nspawn_processes()}
        for name in sorted(n for n in names if n.startswith(prefix)):
            _teardown(Instance(name))
        _close_forwarding_if_idle()


def instances() -> list[Instance]:
    return [Instance(path.name) for path in sorted(INSTANCES_DIR.glob("*")) if path.is_dir()]


def images_in_use() -> set[Path]:
    return {Path((i.dir / "image").read_text()) for i in instances() if (i.dir / "image").exists()}


def connection_info(name: str) -> dict[str, object]:
    """What Molecule's instance_config and an Ansible inventory need to reach the host (Molecule
    maps become_pass to ansible_become_pass; the become method is the project's ansible.cfg's)."""
    instance = Instance(name)
    info: dict[str, object] = {
        "instance": name,
        "address": instance.address,
        "user": instance.user,
        "port": 22,
        "identity_file": str(SSH_KEY),
    }
    if instance.login == "sudo":
        info["become_pass"] = sudo_password()
    return info


def ssh_command(instance: Instance, *command: str, connect_timeout: int = 5) -> list[str]:
    return [
        "ssh",
        *SSH_OPTIONS,
        "-o",
        f"ConnectTimeout={connect_timeout}",
        "-i",
        str(SSH_KEY),
        f"{instance.user}@{instance.address}",
        *command,
    ]


def sudo_password() -> str:
    if not SUDO_PASSWORD_FILE.exists():
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        SUDO_PASSWORD_FILE.touch(mode=0o600)
        SUDO_PASSWORD_FILE.write_text(secrets.token_hex(16))
    return SUDO_PASSWORD_FILE.read_text().strip()


def nspawn_processes() -> list[tuple[int, Path]]:
    """(PID, --directory) of every live systemd-nspawn that boots one of our instances.

    Found by scanning /proc rather than trusting pid files alone, so a run killed between
    starting nspawn and writing its PID still gets cleaned up.
    """
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # exited while we looked
        if state == "Z" or not argv[0].endswith(b"systemd-nspawn"):
            continue
        for arg in argv:
            directory = Path(os.fsdecode(arg.removeprefix(b"--directory=")))
            if arg.startswith(b"--directory=") and directory.parent.parent == INSTANCES_DIR:
                found.append((int(proc.name), directory))
    return found


def _start(instance: Instance, index: int, release: releases.Release, login: str) -> None:
    image = ensure_image(release)
    _ensure_ssh_key()
    for sub in ("upper", "work", "rootfs"):
        (instance.dir / sub).mkdir(parents=True)
    (instance.dir / "image").write_text(str(image))
    (instance.dir / "index").write_text(f"{index}\n")
    (instance.dir / "release").write_text(f"{release.name}\n")
    (instance.dir / "login").write_text(f"{login}\n")
    debcache.seed(instance.dir / "upper", release)
    _mount_overlay(instance, image)
    _personalise(instance, index)
    _boot_on_network(instance, index)


def _boot_on_network(instance: Instance, index: int) -> None:
    network.open_forwarding()
    _boot(instance)
    network.configure_host_side(instance.name, index)


def _mount_overlay(instance: Instance, image: Path) -> None:
    upper, work = instance.dir / "upper", instance.dir / "work"
    options = f"lowerdir={image},upperdir={upper},workdir={work}"
    run(["mount", "-t", "overlay", "overlay", "-o", options, str(instance.rootfs)])


def _personalise(instance: Instance, index: int) -> None:
    """Files that make this copy of the image a host of its own (written into the overlay)."""
    root = instance.rootfs
    if instance.login == "sudo":
        _authorize(root, f"home/{SUDO_USER}", owner=SUDO_USER)
        run(["chroot", str(root), "chpasswd"], input_text=f"{SUDO_USER}:{sudo_password()}\n")
        (root / "etc/ssh/sshd_config.d/10-testhost-login.conf").write_text(NO_ROOT_SSH)
    else:
        _authorize(root, "root", owner="root")
    (root / "etc/hostname").write_text(f"{instance.name}\n")
    (root / "etc/hosts").write_text(
        f"127.0.0.1\tlocalhost\n127.0.1.1\t{instance.name}\n"
        "::1\tlocalhost ip6-localhost ip6-loopback\n"
    )
    network_dir = root / "etc/systemd/network"
    network_dir.mkdir(parents=True, exist_ok=True)
    # Same name as the file systemd ships, so ours replaces its DHCP setup for host0.
    (network_dir / "80-container-host0.network").write_text(network.guest_network_file(index))


def _authorize(root: Path, home: str, *, owner: str) -> None:
    """testhost's key in HOME/.ssh/authorized_keys, owned by OWNER (ids from the guest)."""
    ssh_dir = root / home / ".ssh"
    ssh_dir.mkdir(mode=0o700, exist_ok=True)
    authorized = ssh_dir / "authorized_keys"
    authorized.write_text(SSH_KEY.with_suffix(".pub").read_text())
    authorized.chmod(0o600)
    run(["chroot", str(root), "chown", "-R", f"{owner}:{owner}", f"/{home}/.ssh"])


def _boot(instance: Instance) -> None:
    command = [
        "systemd-nspawn",
        f"--directory={instance.rootfs}",
        f"--machine={instance.name}",
        "--boot",
        "--register=no",
        "--keep-unit",  # the controller has no systemd to register with
        "--network-veth",
        "--resolv-conf=copy-host",
        "--console=read-only",
    ]
    with (instance.dir / "console.log").open("ab") as console:
        # New session, no inherited pipes: the guest outlives this command (and Ansible's
        # command module that runs it) until `down` stops it.
        process = subprocess.Popen(
            command,
            env={**os.environ, **instance.release.nspawn_environment},
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (instance.dir / "pid").write_text(f"{process.pid}\n")
    log(f"booting {instance.name} (nspawn PID {process.pid})")


def _wait_until_ready(instance: Instance, timeout: float) -> None:
    """Until systemd reports the boot finished and SSH lets us in."""
    deadline = time.monotonic() + timeout
    state = "no answer"
    while time.monotonic() < deadline:
        if not instance.is_running():
            raise TesthostError(f"{instance.name}: systemd-nspawn exited during boot")
        result = subprocess.run(
            ssh_command(instance, "systemctl", "is-system-running"),
            capture_output=True,
            text=True,
            check=False,
        )
        state = result.stdout.strip() or "no answer"
        if state in READY_STATES:
            if state == "degraded":
                failed = subprocess.run(
                    ssh_command(instance, "systemctl", "--failed", "--no-legend"),
                    capture_output=True,
                    text=True,
                    check=False,
                )
                log(f"{instance.name} is degraded; failed units:\n{failed.stdout}")
            log(f"{instance.name} is up at {instance.address} ({state})")
            return
        time.sleep(0.5)
    raise TesthostError(f"{instance.name} not ready within {timeout:.0f}s (last state: {state})")


def _power_off(instance: Instance) -> None:
    """Stop the guest and undo what its boot set up on the controller; the disk stays."""
    for pid in instance.nspawn_pids():
        _stop_process(pid, instance.name)
    network.remove_interface(network.host_interface(instance.name))
    _unmount_below(instance.dir)


def _teardown(instance: Instance) -> None:
    _power_off(instance)
    if (instance.dir / "release").exists():
        debcache.harvest(instance.dir / "upper", instance.release)
    if instance.dir.exists():
        shutil.rmtree(instance.dir)
        log(f"removed {instance.name}")


def _stop_process(pid: int, name: str, grace: float = 60.0) -> None:
    """SIGTERM makes nspawn shut the guest down cleanly; SIGKILL only if that hangs."""
    log(f"stopping {name} (nspawn PID {pid})")
    _signal(pid, signal.SIGTERM)
    if _wait_for_exit(pid, grace):
        return
    log(f"{name} did not power off within {grace:.0f}s, killing it")
    _signal(pid, signal.SIGKILL)
    if not _wait_for_exit(pid, 10.0):
        raise TesthostError(f"nspawn PID {pid} for {name} survived SIGKILL")


def _signal(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone: fine
        os.kill(pid, signum)


def _wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid not in {p for p, _ in nspawn_processes()}:
            return True
        time.sleep(0.2)
    return False


def _unmount_below(directory: Path) -> None:
    """Unmount everything at or below DIRECTORY, deepest first; refuse to go on if one stays."""
    for mount_point in sorted(
        _mount_points_below(directory), key=lambda p: len(p.parts), reverse=True
    ):
        if run(["umount", str(mount_point)], check=False).returncode != 0:
            run(["umount", "--lazy", str(mount_point)])  # busy: detach now, free when unused
    if left := _mount_points_below(directory):
        raise TesthostError(f"still mounted, not removing {directory}: {left}")


def _mount_points_below(directory: Path) -> list[Path]:
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = Path(line.split()[4].replace("\\040", " "))
        if point == directory or directory in point.parents:
            points.append(point)
    return points


def _check_index_free(name: str, index: int) -> None:
    for other in instances():
        if other.name != name and other.index == index:
            raise TesthostError(f"index {index} is already used by {other.name}")


def _close_forwarding_if_idle() -> None:
    if not instances() and not nspawn_processes():
        network.close_forwarding()


def _ensure_ssh_key() -> None:
    if not SSH_KEY.exists():
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        run(
            [
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "mailtracker-testhost",
                "-f",
                str(SSH_KEY),
            ]
        )


def _print_console_tail(instance: Instance, lines: int = 40) -> None:
    console = instance.dir / "console.log"
    if console.exists():
        tail = console.read_text(errors="replace").splitlines()[-lines:]
        log(f"last console lines of {instance.name}:\n" + "\n".join(tail))
