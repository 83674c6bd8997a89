"""testhost: throwaway Debian and Ubuntu hosts with systemd as PID 1, without Docker.

    python3 scripts/testhost image [--release R]            build (or reuse) R's base image
    python3 scripts/testhost up NAME INDEX [--release R] [--login root|sudo]
                                                boot NAME on PREFIX.INDEX.0/24, print its
                                                address; --login sudo: root may not log in
                                                over SSH, the sudo user (password) may
    python3 scripts/testhost stop NAME          power NAME off, keep its disk
    python3 scripts/testhost resume NAME        boot a stopped NAME again on the disk it left
    python3 scripts/testhost releases           the releases a host can run (default debian-12)
    python3 scripts/testhost down NAME...       power off and remove NAMEs (idempotent)
    python3 scripts/testhost down --all         remove every instance (same as gc)
    python3 scripts/testhost gc [--prefix P]    remove leftovers of interrupted runs
    python3 scripts/testhost list               instances, addresses, states
    python3 scripts/testhost info NAME          connection details as JSON (for Molecule)
    python3 scripts/testhost ssh NAME [CMD...]  log in, or run CMD (as root, or as the sudo user)

Run as root on a Debian controller: every command first installs the tools it needs when they
are missing (debootstrap, systemd-container, nftables, ...). See README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

import image
import instance
import releases
from common import TesthostError, log, run

# Tool -> Debian package. Every command checks them all, whichever comes first on a bare machine:
# even `down` or `list` need nft, ip or ssh, and a check costs only a PATH lookup.
CONTROLLER_PACKAGES = {
    "debootstrap": "debootstrap",
    "systemd-nspawn": "systemd-container",
    "nft": "nftables",
    "ip": "iproute2",
    "ssh": "openssh-client",
    "ssh-keygen": "openssh-client",
    "gpg": "gpg",  # the Ubuntu archive key
    "zstd": "zstd",  # Ubuntu's .debs are zstd-compressed
}


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if os.geteuid() != 0:
        raise TesthostError("run as root: booting containers needs it")
    _ensure_controller_packages()
    return args.handler(args) or 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="testhost", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)

    image_command = commands.add_parser("image", help="build a release's base image")
    _add_release_option(image_command)
    image_command.set_defaults(handler=_image)

    up = commands.add_parser("up", help="boot an instance and print its address")
    up.add_argument("name")
    up.add_argument("index", type=int)
    _add_release_option(up)
    up.add_argument(
        "--login",
        choices=instance.LOGINS,
        default="root",
        help="root: SSH as root; sudo: as the sudo user, root refused (a stock Ubuntu server)",
    )
    up.add_argument("--boot-timeout", type=float, default=180.0)
    up.set_defaults(handler=_up)

    stop = commands.add_parser("stop", help="power an instance off, keep its disk")
    stop.add_argument("name")
    stop.set_defaults(handler=_stop)

    resume = commands.add_parser("resume", help="boot a stopped instance again, disk kept")
    resume.add_argument("name")
    resume.add_argument("--boot-timeout", type=float, default=180.0)
    resume.set_defaults(handler=_resume)

    commands.add_parser("releases", help="list the releases").set_defaults(handler=_releases)

    down = commands.add_parser("down", help="remove instances (or --all)")
    down.add_argument("names", nargs="*", metavar="NAME")
    down.add_argument("--all", action="store_true")
    down.set_defaults(handler=_down)

    gc = commands.add_parser("gc", help="remove leftover instances")
    gc.add_argument("--prefix", default="", help="only instances whose name starts with this")
    gc.set_defaults(handler=_gc)

    commands.add_parser("list", help="list instances").set_defaults(handler=_list)

    info = commands.add_parser("info", help="connection details as JSON")
    info.add_argument("name")
    info.set_defaults(handler=_info)

    ssh = commands.add_parser("ssh", help="SSH into an instance as root")
    ssh.add_argument("name")
    ssh.add_argument("remote_command", nargs=argparse.REMAINDER)
    ssh.set_defaults(handler=_ssh)
    return parser


def _add_release_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--release",
        type=releases.release,
        default=releases.DEFAULT_RELEASE,
        help=f"one of {', '.join(releases.RELEASES)} (default {releases.DEFAULT_RELEASE})",
    )


def _image(args: argparse.Namespace) -> None:
    print(image.ensure_image(args.release))


def _up(args: argparse.Namespace) -> None:
    print(
        instance.up(
            args.name, args.index, args.release, login=args.login, boot_timeout=args.boot_timeout
        )
    )


def _stop(args: argparse.Namespace) -> None:
    instance.stop(args.name)


def _resume(args: argparse.Namespace) -> None:
    print(instance.resume(args.name, boot_timeout=args.boot_timeout))


def _releases(_args: argparse.Namespace) -> None:
    for name, release in releases.RELEASES.items():
        print(f"{name:<14}{release.suite}")


def _down(args: argparse.Namespace) -> None:
    if args.all:
        instance.gc()
    elif args.names:
        for name in args.names:
            instance.down(name)
    else:
        raise TesthostError("down needs NAME or --all")


def _gc(args: argparse.Namespace) -> None:
    instance.gc(args.prefix)


def _list(_args: argparse.Namespace) -> None:
    print(f"{'NAME':<13}{'RELEASE':<14}{'LOGIN':<7}{'INDEX':<7}{'ADDRESS':<16}STATE")
    for host in instance.instances():
        state = "running" if host.is_running() else "stopped"
        address = host.address if host.index else "-"
        index = host.index or "-"
        print(
            f"{host.name:<13}{host.release.name:<14}{host.login:<7}{index!s:<7}{address:<16}{state}"
        )


def _info(args: argparse.Namespace) -> None:
    print(json.dumps(instance.connection_info(args.name)))


def _ssh(args: argparse.Namespace) -> None:
    command = instance.ssh_command(instance.Instance(args.name), *args.remote_command)
    if sys.stdin.isatty() and not args.remote_command:
        command.insert(1, "-t")
    os.execvp(command[0], command)


def _ensure_controller_packages() -> None:
    missing = sorted({pkg for tool, pkg in CONTROLLER_PACKAGES.items() if not shutil.which(tool)})
    if missing:
        log(f"installing controller packages: {' '.join(missing)}")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing])


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except TesthostError as error:
        print(f"testhost: error: {error}", file=sys.stderr)
        sys.exit(1)
