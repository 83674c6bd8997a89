"""Builds the base image of each release test hosts boot from, once, and caches it.

The cache name carries the release and a hash of the recipe (this file and the release's entry
in releases.py) and of the mirror, so any change to the recipe builds a new image instead of
silently reusing an old one. Instances never write to the image: each one boots from an overlay
on top of it (see instance.py).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from common import CACHE_DIR, locked, log, run
from keyring import ubuntu_keyring
from releases import Release

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


def ensure_image(release: Release) -> Path:
    """Return the root directory of RELEASE's current base image, building it first if needed."""
    image_dir = CACHE_DIR / f"{release.name}-{_recipe_digest(release)}"
    with locked(CACHE_DIR / ".image.lock"):
        if not (image_dir / "complete").exists():
            _build(image_dir, release)
    return image_dir / "rootfs"


def _recipe_digest(release: Release) -> str:
    """This file, the release's own entry and its mirror: changing one release's recipe
    rebuilds that release's image only."""
    recipe = hashlib.sha256(Path(__file__).read_bytes())
    recipe.update(repr(release).encode())
    recipe.update(release.apt_sources().encode())
    return recipe.hexdigest()[:12]


def _build(image_dir: Path, release: Release) -> None:
    build_dir = image_dir.with_name(f".build-{image_dir.name}")
    shutil.rmtree(build_dir, ignore_errors=True)
    rootfs = build_dir / "rootfs"
    packages = (*PACKAGES, *release.extra_packages)
    log(f"building base image {image_dir.name} (debootstrap {release.suite}, 1-2 minutes)")
    keyring = ["--keyring", str(ubuntu_keyring(release))] if release.vendor == "ubuntu" else []
    run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--components={','.join(release.components)}",
            f"--include={','.join(packages)}",
            *keyring,
            release.suite,
            str(rootfs),
            release.mirrors()["main"],
            str(release.debootstrap_script),
        ]
    )
    _customise(rootfs, release)
    (build_dir / "complete").write_text(f"{release.name} {' '.join(packages)}\n")
    shutil.rmtree(image_dir, ignore_errors=True)
    build_dir.rename(image_dir)
    _remove_other_images(release, keep=image_dir)
    log(f"base image ready: {image_dir}")


def _customise(rootfs: Path, release: Release) -> None:
    (rootfs / "etc/apt/sources.list").write_text(release.apt_sources())
    # Empty machine-id: every instance gets its own at boot instead of sharing the image's.
    (rootfs / "etc/machine-id").write_text("")
    (rootfs / "var/lib/dbus/machine-id").unlink(missing_ok=True)
    # The guest's address comes from a per-instance systemd-networkd file (instance.py).
    run(["chroot", str(rootfs), "systemctl", "enable", "systemd-networkd.service"])
    for unit in MASKED_UNITS:
        masked = rootfs / "etc/systemd/system" / unit
        masked.unlink(missing_ok=True)
        masked.symlink_to("/dev/null")
    # A UTF-8 default locale, as real servers have; C.UTF-8 needs no locales package.
    (rootfs / "etc/default/locale").write_text("LANG=C.UTF-8\n")
    run(["chroot", str(rootfs), "apt-get", "clean"])


def _remove_other_images(release: Release, keep: Path) -> None:
    """Old images are dead weight once the recipe changed; running instances keep theirs."""
    from instance import images_in_use  # late import: instance.py imports this module

    in_use = images_in_use()
    for old in CACHE_DIR.glob(f"{release.name}-*"):
        if old != keep and old.is_dir() and old / "rootfs" not in in_use:
            log(f"removing outdated image {old.name}")
            shutil.rmtree(old)
