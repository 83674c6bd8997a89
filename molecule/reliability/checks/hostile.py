"""Hostile input at the host level: reaching the PDF store around the app, and old TLS."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from client import raw_request
from world import World


def traversal(world: World) -> str:
    """The internal PDF location and ways around it: refused by nginx, never served."""
    record = world.new_record(label="traversal")
    status, body = world.upload(record)
    assert status == 201, f"uploading the probe PDF answered {status}: {body[:200]!r}"
    stored = world.attachments(record)[0]["id"] + ".pdf"
    prefix = world.internal_prefix.strip("/")
    pdf = f"{prefix}/{stored}"
    # Paths nginx parses: they resolve to the internal location (or near it) and must be 404.
    not_found = [
        f"/{pdf}",
        f"/{prefix}/../{pdf}",
        f"/static/../{pdf}",
        f"/static/%2e%2e/{pdf}",
        f"/static/%2E%2E/{pdf}",
        f"/static/..%2f{pdf}",
        f"/static..%2f{pdf}",
        f"/{prefix}%2f{stored}",
        f"//{pdf}",
        f"/{prefix.upper()}/{stored}",
        f"/api/records/{record}/pdf/view/..%2f..%2f..%2f{pdf}",
        f"/api/records/{record}/pdf/view/?attachment=../../{stored}",
    ]
    # Paths nginx's request parser rejects before any location is chosen (NUL bytes, ".." above
    # the root): 400, the request reaches neither the app nor the store.
    bad_request = [
        f"/%2e%2e/{pdf}".encode(),
        b"/static/..%2F..%2F..%2F..%2Fetc/passwd",
        f"/{pdf}%00".encode(),
        f"/{pdf}%00.txt".encode(),
        f"/static/%00/../{pdf}".encode(),
        f"/api/records/{record}/pdf/view/%00".encode(),
        f"/{pdf}\0".encode(),
        f"/static/..\0/{pdf}".encode(),
    ]
    token = world.writer.token
    expected = {t.encode(): 404 for t in not_found} | dict.fromkeys(bad_request, 400)
    answers = {t: raw_request(world.host.address, t, token) for t in expected}
    wrong = {
        t.decode(errors="replace"): (s, expected[t]) for t, s in answers.items() if s != expected[t]
    }
    assert not wrong, (
        "the internal PDF path or a traversal of it was not refused as expected "
        f"(path: (answered, expected)): {wrong}"
    )
    return (
        f"{len(not_found)} paths 404, {len(bad_request)} malformed ones (NUL, above the root) "
        "400 from nginx's parser, none served"
    )


def _handshake(address: str, protocol: str, *, port: int = 443, local: bool = False) -> str:
    """The protocol openssl s_client negotiated, or "" when the handshake failed."""
    argv = [
        "openssl",
        "s_client",
        "-connect",
        f"{'127.0.0.1' if local else address}:{port}",
        f"-{protocol}",
        "-brief",
    ]
    if protocol in ("tls1", "tls1_1"):
        argv += ["-cipher", "DEFAULT@SECLEVEL=0"]  # OpenSSL 3 refuses these by itself otherwise
    result = subprocess.run(argv, input="", capture_output=True, text=True, timeout=20, check=False)
    for line in result.stderr.splitlines() + result.stdout.splitlines():
        if line.startswith("Protocol version:"):
            return line.split(":", 1)[1].strip()
    return ""


def old_tls(world: World) -> str:
    """TLS 1.0/1.1 refused by the host, 1.2/1.3 accepted. The client's own ability to speak
    TLS 1.0 and 1.1 is proven first against a throwaway openssl s_server on loopback."""
    control = _control_server()
    try:
        for protocol in ("tls1", "tls1_1"):
            spoken = _handshake("", protocol, port=control[1], local=True)
            assert spoken, (
                f"the controller's openssl cannot speak {protocol} at all: "
                "the check would prove nothing"
            )
    finally:
        control[0].terminate()
        control[0].wait(timeout=10)
        shutil.rmtree(control[2])
    found = {p: _handshake(world.host.address, p) for p in ("tls1", "tls1_1", "tls1_2", "tls1_3")}
    assert not found["tls1"] and not found["tls1_1"], f"the host accepted an old protocol: {found}"
    assert found["tls1_2"] == "TLSv1.2" and found["tls1_3"] == "TLSv1.3", (
        f"the host refused a current protocol: {found}"
    )
    return "TLS 1.0 and 1.1 refused, TLS 1.2 and 1.3 accepted"


def _control_server() -> tuple[subprocess.Popen, int, Path]:
    workdir = Path(subprocess.check_output(["mktemp", "-d"], text=True).strip())
    key, cert = workdir / "key.pem", workdir / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=control",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
        ],
        capture_output=True,
        check=True,
    )
    port = 44333
    server = subprocess.Popen(
        [
            "openssl",
            "s_server",
            "-accept",
            f"127.0.0.1:{port}",
            "-cert",
            str(cert),
            "-key",
            str(key),
            "-cipher",
            "DEFAULT@SECLEVEL=0",
            "-quiet",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return server, port, workdir


CASES = {
    "traversal": ("internal PDF path and traversal variants through nginx", traversal),
    "old-tls": ("TLS protocol versions", old_tls),
}
