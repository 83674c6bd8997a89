"""Writes a lock file with its environment markers decided for another Python.

    lock_for_target.py LOCK MARKERS_JSON OUTPUT

`pip download --python-version X` still evaluates markers such as
`asgiref==3.12.1 ; python_full_version < '3.11'` against the Python running pip (the
controller's), so a host with another Python would get the wrong pins. This keeps the
requirements whose markers hold for the host (MARKERS_JSON, from target_environment.py), drops
the others, and keeps every hash, so pip can still install with --require-hashes.
"""

import json
import re
import sys

try:
    from packaging.markers import Marker
except ImportError:  # every pip carries a copy
    from pip._vendor.packaging.markers import Marker


def logical_lines(text: str) -> list[str]:
    """Joins backslash-continued lines."""
    return re.sub(r"\\\n", " ", text).splitlines()


def decide(line: str, environment: dict[str, str]) -> str | None:
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "-")):
        return stripped or None
    requirement, *hashes = re.split(r"\s+(?=--hash=)", stripped)
    name, _, marker = requirement.partition(";")
    if marker.strip() and not Marker(marker.strip()).evaluate(environment):
        return None
    return " \\\n    ".join([name.strip(), *(h.strip() for h in hashes)])


def main(lock_path: str, markers_json: str, output_path: str) -> None:
    environment = json.loads(markers_json)
    with open(lock_path, encoding="utf-8") as lock:
        kept = [decide(line, environment) for line in logical_lines(lock.read())]
    with open(output_path, "w", encoding="utf-8") as output:
        output.write("".join(f"{line}\n" for line in kept if line))


if __name__ == "__main__":
    main(*sys.argv[1:])
