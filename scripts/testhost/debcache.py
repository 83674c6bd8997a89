"""A .deb cache shared by all test hosts, so each package is downloaded from the mirror once.

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

CACHE = CACHE_DIR / "debs"
GUEST_ARCHIVES = Path("var/cache/apt/archives")


def seed(upper_dir: Path) -> None:
    """Give a not yet mounted instance layer links to every cached package."""
    target = upper_dir / GUEST_ARCHIVES
    target.mkdir(parents=True, exist_ok=True)
    for deb in _debs(CACHE):
        _link(deb, target / deb.name)


def harvest(upper_dir: Path) -> None:
    """Keep the packages a finished instance downloaded."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for deb in _debs(upper_dir / GUEST_ARCHIVES):
        _link(deb, CACHE / deb.name)


def _debs(directory: Path) -> list[Path]:
    # Only complete downloads: apt moves a file out of partial/ once its hash checked out.
    return [path for path in directory.glob("*.deb") if path.is_file()]


def _link(source: Path, target: Path) -> None:
    # A cache is an optimisation: a link that fails only costs a download.
    if not target.exists():
        with contextlib.suppress(OSError):
            os.link(source, target)
