"""Prints, as JSON, what the controller needs to build a wheelhouse for this host.

`markers` holds the values of the PEP 508 environment markers for this Python (the same keys as
packaging.markers.default_environment()); `libc` is the glibc version, which decides the
manylinux wheels this host can run.
"""

import json
import os
import platform
import sys


def _version(info) -> str:
    text = f"{info.major}.{info.minor}.{info.micro}"
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text


markers = {
    "implementation_name": sys.implementation.name,
    "implementation_version": _version(sys.implementation.version),
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
print(json.dumps({"markers": markers, "libc": platform.libc_ver()[1]}))
