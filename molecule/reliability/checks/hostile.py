"""Hostile input at the host level: reaching the PDF store around the app, and old TLS."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from client import raw_request
from world import World


def traversal(world: World) -> str:
    """The internal PDF location and ways around it; every one must answer 404, nothing else."""
    record = world.new_record(label="traversal")
    status, body = world.upload(record)
    assert status == 201, f"uploading the probe PDF answered {status}: {body[:200]!r}"
    stored = world.attachments(record)[0]["id"] + ".pdf"
    prefix = world.internal_prefix.strip("/")
    targets = [
        f"/{prefix}/{stored}",
        f"/{prefix}/../{prefix}/{stored}",
        f"/static/../{prefix}/{stored}",
        f"/static/%2e%2e/{prefix}/{stored}",
        f"/static/%2E%2E/{prefix}/{stored}",
        f"/static/..%2f{prefix}/{stored}",
        "/static/..%2F..%2F..%2F..%2Fetc/passwd",
        f"/static..%2f{prefix}/{stored}",
        f"/%2e%2e/{prefix}/{stored}",
        f"/{prefix}%2f{stored}",
        f"//{prefix}/{stored}",
        f"/{prefix.upper()}/{stored}",
        f"/{prefix}/{stored}%00",
        f"/{prefix}/{stored}%00.txt",
        f"/static/%00/../{prefix}/{stored}",
        f"/api/records/{record}/pdf/view/%00",
        f"/api/records/{record}/pdf/view/..%2f..%2f..%2f{prefix}/{stored}",
        f"/api/records/{record}/pdf/view/?attachment=../../{stored}",
    ]
    raw_targets = [f"/{prefix}/{stored}\0".encode(), f"/static/..\0/{prefix}/{stored}".encode()]
    answers = {t: raw_request(world.host.address, t.encode(), world.writer.token) for t in targets}
    answers |= {
        t.decode(errors="replace"): raw_request(world.host.address, t, world.writer.token)
        for t in raw_targets
    }
    wrong = {t: s for t, s in answers.items() if s != 404}
    assert not wrong, f"internal PDF path or a traversal of it answered other than 404: {wrong}"
    return f"{len(answers)} paths, each 404 through nginx"


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
