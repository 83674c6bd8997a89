"""Builds the Debian base image every test host boots from, once, and caches it.

The cache name carries a hash of this file and of the mirror, so any change to the recipe below
builds a new image instead of silently reusing an old one. Instances never write to the image:
each one boots from an overlay on top of it (see instance.py).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from common import CACHE_DIR, TesthostError, locked, log, run

SUITE = "bookworm"
# What a freshly installed small server has and Ansible needs; everything else the roles must
# install themselves, so a forgotten dependency fails here as it would on a real server.
PACKAGES = (
    "systemd",
    "systemd-sysv",
    "dbus",
    "libpam-systemd",  # systemd as PID 1, logind sessions
    "python3",
    "python3-apt",  # Ansible modules, and the apt module without bootstrapping
    "openssh-server",
    "sudo",
    "acl",  # Ansible's way in; acl for become_user to unprivileged users
    "iproute2",
    "procps",
    "ca-certificates",  # ip, ps/pgrep, HTTPS to the package mirror
)
# apt's daily timers would take the dpkg lock in the middle of a converge. Test hosts only.
MASKED_UNITS = ("apt-daily.timer", "apt-daily-upgrade.timer")
HOST_APT_SOURCES = (
    Path("/etc/apt/sources.list"),
    *sorted(Path("/etc/apt/sources.list.d").glob("*")),
)


def ensure_image() -> Path:
    """Return the root directory of the current base image, building it first if needed."""
    mirrors = _host_mirrors()
    digest = _recipe_digest(mirrors)
    image_dir = CACHE_DIR / f"{SUITE}-{digest}"
    with locked(CACHE_DIR / ".image.lock"):
        if not (image_dir / "complete").exists():
            _build(image_dir, mirrors)
    return image_dir / "rootfs"


def _recipe_digest(mirrors: dict[str, str]) -> str:
    recipe = hashlib.sha256(Path(__file__).read_bytes())
    recipe.update(repr(sorted(mirrors.items())).encode())
    return recipe.hexdigest()[:12]


def _host_mirrors() -> dict[str, str]:
    """Use the Debian mirrors the controller itself uses: they are the ones reachable from here."""
    mirrors: dict[str, str] = {}
    for source in HOST_APT_SOURCES:
        if not source.is_file() or not source.name.endswith((".list", ".sources")):
            continue
        text = "\n".join(line.split("#", 1)[0] for line in source.read_text().splitlines())
        for word in text.split():
            if word.startswith(("http://", "https://")):
                url = word.rstrip("/")
                kind = "security" if url.endswith("-security") else "main"
                mirrors.setdefault(kind, url)
    if "main" not in mirrors:
        raise TesthostError("no Debian mirror found in the controller's apt sources")
    return mirrors


def _build(image_dir: Path, mirrors: dict[str, str]) -> None:
    build_dir = image_dir.with_name(f".build-{image_dir.name}")
    shutil.rmtree(build_dir, ignore_errors=True)
    rootfs = build_dir / "rootfs"
    log(f"building base image {image_dir.name} (debootstrap {SUITE}, about a minute)")
    run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(PACKAGES)}",
            SUITE,
            str(rootfs),
            mirrors["main"],
        ]
    )
    _customise(rootfs, mirrors)
    (build_dir / "complete").write_text(f"{SUITE} {' '.join(PACKAGES)}\n")
    shutil.rmtree(image_dir, ignore_errors=True)
    build_dir.rename(image_dir)
    _remove_other_images(keep=image_dir)
    log(f"base image ready: {image_dir}")


def _customise(rootfs: Path, mirrors: dict[str, str]) -> None:
    _write_apt_sources(rootfs, mirrors)
    # Empty machine-id: every instance gets its own at boot instead of sharing the image's.
    (rootfs / "etc/machine-id").write_text("")
    (rootfs / "var/lib/dbus/machine-id").unlink(missing_ok=True)
    # The guest's address comes from a per-instance systemd-networkd file (instance.py).
    run(["chroot", str(rootfs), "systemctl", "enable", "systemd-networkd.service"])
    for unit in MASKED_UNITS:
        (rootfs / "etc/systemd/system" / unit).symlink_to("/dev/null")
    # A UTF-8 default locale, as real servers have; C.UTF-8 needs no locales package.
    (rootfs / "etc/default/locale").write_text("LANG=C.UTF-8\n")
    run(["chroot", str(rootfs), "apt-get", "clean"])


def _write_apt_sources(rootfs: Path, mirrors: dict[str, str]) -> None:
    lines = [f"deb {mirrors['main']} {SUITE} main", f"deb {mirrors['main']} {SUITE}-updates main"]
    if "security" in mirrors:
        lines.append(f"deb {mirrors['security']} {SUITE}-security main")
    (rootfs / "etc/apt/sources.list").write_text("\n".join(lines) + "\n")


def _remove_other_images(keep: Path) -> None:
    """Old images are dead weight once the recipe changed; running instances keep theirs."""
    from instance import images_in_use  # late import: instance.py imports this module

    in_use = images_in_use()
    for old in CACHE_DIR.glob(f"{SUITE}-*"):
        if old != keep and old.is_dir() and old / "rootfs" not in in_use:
            log(f"removing outdated image {old.name}")
            shutil.rmtree(old)
