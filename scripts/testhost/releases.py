"""The distribution releases a test host can run, and where their packages come from.

A platform asks for a release by name (`ubuntu-24.04`); everything that differs between them
(debootstrap script, components, mirror, archive key, how systemd must be booted) lives here.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from common import TesthostError

DEBOOTSTRAP_SCRIPTS = Path("/usr/share/debootstrap/scripts")
HOST_APT_SOURCES = (
    Path("/etc/apt/sources.list"),
    *sorted(Path("/etc/apt/sources.list.d").glob("*")),
)
# The key that signs the Ubuntu archive's Release files (Ubuntu Archive Automatic Signing Key
# (2018)). Pinned, because the keyring itself is fetched over plain HTTP from the archive.
UBUNTU_ARCHIVE_KEY = "F6ECB3762474EDA9D21B7022871920D1991BC93C"


@dataclass(frozen=True)
class Release:
    """One distribution release as a test host boots it."""

    name: str  # what a platform asks for
    vendor: str  # "debian" or "ubuntu"
    suite: str  # the codename apt and debootstrap use
    # Debian 12's debootstrap knows some suites only under an older, compatible script name.
    script: str = ""
    components: tuple[str, ...] = ("main",)
    # Packages this release's stock server has that others do not (and the roles must meet).
    extra_packages: tuple[str, ...] = ()
    # Environment for systemd-nspawn. systemd 258+ refuses the controller's hybrid cgroup layout.
    nspawn_environment: dict[str, str] = field(default_factory=dict)

    @property
    def debootstrap_script(self) -> Path:
        return DEBOOTSTRAP_SCRIPTS / (self.script or self.suite)

    def mirrors(self) -> dict[str, str]:
        """{"main": URL, "security": URL} for this release's apt sources."""
        if self.vendor == "debian":
            return _host_debian_mirrors()
        mirror = os.environ.get("TESTHOST_UBUNTU_MIRROR") or _debootstrap_default_mirror(self)
        # Ubuntu's archive carries the -security pocket too.
        return {"main": mirror, "security": mirror}

    def apt_sources(self) -> str:
        mirrors = self.mirrors()
        components = " ".join(self.components)
        lines = [
            f"deb {mirrors['main']} {self.suite} {components}",
            f"deb {mirrors['main']} {self.suite}-updates {components}",
        ]
        if "security" in mirrors:
            lines.append(f"deb {mirrors['security']} {self.suite}-security {components}")
        return "\n".join(lines) + "\n"


RELEASES = {
    release.name: release
    for release in (
        Release("debian-12", "debian", "bookworm"),
        Release("debian-13", "debian", "trixie"),
        Release("ubuntu-22.04", "ubuntu", "jammy", components=("main", "universe")),
        Release("ubuntu-24.04", "ubuntu", "noble", "gutsy", ("main", "universe")),
        Release(
            "ubuntu-26.04",
            "ubuntu",
            "resolute",
            "gutsy",
            ("main", "universe"),
            # A stock 26.04 server's sudo is sudo-rs (its coreutils, Rust's uutils, come with
            # the required packages debootstrap installs anyway).
            extra_packages=("sudo-rs",),
            nspawn_environment={"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "1"},
        ),
    )
}
DEFAULT_RELEASE = "debian-12"


def release(name: str) -> Release:
    try:
        return RELEASES[name]
    except KeyError:
        known = ", ".join(RELEASES)
        raise TesthostError(f"unknown release {name!r}; known: {known}") from None


def _host_debian_mirrors() -> dict[str, str]:
    """The Debian mirrors the controller itself uses: they are the ones reachable from here."""
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


def _debootstrap_default_mirror(release: Release) -> str:
    """The mirror debootstrap itself would use for this suite (its script's `default_mirror`).

    The script is shell; it is sourced with its directives stubbed, and only the mirror kept.
    """
    stubs = (
        'default_mirror() { echo "$1"; exit 0; }; '
        "for d in mirror_style download_style finddebs_style variants keyring force_md5; "
        'do eval "$d() { :; }"; done; '
    )
    result = subprocess.run(
        ["bash", "-c", f'{stubs}. "$0"', str(release.debootstrap_script)],
        env={"ARCH": dpkg_architecture(), "SUITE": release.suite, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    mirror = result.stdout.strip()
    if not mirror.startswith("http"):
        raise TesthostError(
            f"no default mirror in {release.debootstrap_script}; set TESTHOST_UBUNTU_MIRROR"
        )
    return mirror.rstrip("/")


def dpkg_architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
