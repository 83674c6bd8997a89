"""A .deb cache shared by the test hosts of each release, so a package is downloaded once.

Guests cannot share one /var/cache/apt/archives while running: apt locks that directory and two
hosts converging at the same time would fail on each other's lock. Instead each instance starts
with hard links to every cached .deb in its own overlay layer (apt finds them there and skips the
download), and what it downloaded is linked back into the cache when it is removed. Hard links
cost no space or copying: the cache and the instances live on the same file system.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from common import CACHE_DIR
from releases import Release

GUEST_ARCHIVES = Path("var/cache/apt/archives")


def seed(upper_dir: Path, release: Release) -> None:
    """Give a not yet mounted instance layer links to every cached package of its release."""
    target = upper_dir / GUEST_ARCHIVES
    target.mkdir(parents=True, exist_ok=True)
    for deb in _debs(_cache(release)):
        _link(deb, target / deb.name)


def harvest(upper_dir: Path, release: Release) -> None:
    """Keep the packages a finished instance downloaded."""
    cache = _cache(release)
    cache.mkdir(parents=True, exist_ok=True)
    for deb in _debs(upper_dir / GUEST_ARCHIVES):
        _link(deb, cache / deb.name)


def _cache(release: Release) -> Path:
    # One per release: the same file name may hold different builds in Debian and Ubuntu.
    return CACHE_DIR / "debs" / release.name


def _debs(directory: Path) -> list[Path]:
    # Only complete downloads: apt moves a file out of partial/ once its hash checked out.
    return [path for path in directory.glob("*.deb") if path.is_file()]


def _link(source: Path, target: Path) -> None:
    # A cache is an optimisation: a link that fails only costs a download.
    if not target.exists():
        with contextlib.suppress(OSError):
            os.link(source, target)
