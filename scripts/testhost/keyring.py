"""The Ubuntu archive keyring, for debootstrap on a Debian controller that has none.

Debian does not package Ubuntu's keyring, so it comes from the archive's own `ubuntu-keyring`
package, fetched over plain HTTP. Only the pinned archive key is kept from it: a tampered
download cannot smuggle another key in, because a key's fingerprint is a hash of the key itself.
"""

from __future__ import annotations

import lzma
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from common import CACHE_DIR, TesthostError, log, run
from releases import UBUNTU_ARCHIVE_KEY, Release, dpkg_architecture

KEYRING = CACHE_DIR / "keyrings" / f"ubuntu-archive-{UBUNTU_ARCHIVE_KEY[-16:]}.gpg"
PACKAGE_KEYRING = Path("usr/share/keyrings/ubuntu-archive-keyring.gpg")


def ubuntu_keyring(release: Release) -> Path:
    """A keyring holding only the pinned Ubuntu archive key; fetched once, then cached."""
    if KEYRING.exists():
        return KEYRING
    mirror = release.mirrors()["main"]
    log(f"fetching the Ubuntu archive keyring from {mirror}")
    with tempfile.TemporaryDirectory(prefix="testhost-keyring.") as scratch:
        work = Path(scratch)
        deb = work / "ubuntu-keyring.deb"
        _download(f"{mirror}/{_keyring_package_path(mirror, release.suite)}", deb)
        run(["dpkg-deb", "-x", str(deb), str(work / "root")])
        exported = _export_pinned_key(work / "root" / PACKAGE_KEYRING, work / "gnupg")
    KEYRING.parent.mkdir(parents=True, exist_ok=True)
    partial = KEYRING.with_suffix(".partial")
    partial.write_bytes(exported)
    partial.rename(KEYRING)
    return KEYRING


def _keyring_package_path(mirror: str, suite: str) -> str:
    """The pool path of ubuntu-keyring, from the suite's package index."""
    index_url = f"{mirror}/dists/{suite}/main/binary-{dpkg_architecture()}/Packages.xz"
    with urllib.request.urlopen(index_url, timeout=60) as response:  # noqa: S310 (our mirror)
        index = lzma.decompress(response.read()).decode()
    for stanza in index.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line)
        if fields.get("Package") == "ubuntu-keyring":
            return fields["Filename"]
    raise TesthostError(f"ubuntu-keyring is not in {index_url}")


def _download(url: str, target: Path) -> None:
    with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as out:  # noqa: S310
        shutil.copyfileobj(response, out)


def _export_pinned_key(keyring: Path, gnupg_home: Path) -> bytes:
    gnupg_home.mkdir(mode=0o700)
    result = subprocess.run(
        [
            "gpg",
            "--homedir",
            str(gnupg_home),
            "--no-default-keyring",
            "--keyring",
            str(keyring),
            "--export",
            UBUNTU_ARCHIVE_KEY,
        ],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        raise TesthostError(f"the Ubuntu keyring lacks the archive key {UBUNTU_ARCHIVE_KEY}")
    return result.stdout
