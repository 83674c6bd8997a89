"""The test hosts' network: one veth pair and one /24 per instance, routed by the controller.

Guests reach each other by their real addresses (routed, not NATed), which the database's
pg_hba rules and firewall need. Towards the outside they are masqueraded and may only use DNS,
HTTP and HTTPS: enough for the package mirrors, nothing else.
"""

from __future__ import annotations

import time
from pathlib import Path

from common import NET_PREFIX, NFT_TABLE, STATE_DIR, TesthostError, log, run

IP_FORWARD = Path("/proc/sys/net/ipv4/ip_forward")
RESOLV_CONF = Path("/etc/resolv.conf")
# The controller's ip_forward before the first instance came up, restored after the last.
IP_FORWARD_SAVED = STATE_DIR / "ip_forward.before"
ALL_GUESTS = f"{NET_PREFIX}.0.0/16"


def host_address(index: int) -> str:
    return f"{NET_PREFIX}.{index}.1"


def guest_address(index: int) -> str:
    return f"{NET_PREFIX}.{index}.2"


def host_interface(name: str) -> str:
    return f"ve-{name}"


def guest_network_file(index: int) -> str:
    """systemd-networkd config for the guest's end of the veth (named host0 by nspawn).

    The DNS servers are the controller's: releases whose systemd-resolved runs by default
    (Ubuntu 22.04) would otherwise have a stub resolver with nobody to ask.
    """
    dns = "".join(f"DNS={server}\n" for server in _controller_nameservers())
    return (
        "# Written by scripts/testhost: a fixed address instead of nspawn's default DHCP.\n"
        "[Match]\nVirtualization=container\nName=host0\n\n"
        f"[Network]\nAddress={guest_address(index)}/24\nGateway={host_address(index)}\n{dns}"
        "LinkLocalAddressing=no\nIPv6AcceptRA=no\n"
    )


def _controller_nameservers() -> list[str]:
    entries = [line.split() for line in RESOLV_CONF.read_text().splitlines()]
    servers = [words[1] for words in entries if len(words) >= 2 and words[0] == "nameserver"]
    # IPv4 only (the guests have no IPv6), and no loopback stub a guest cannot reach.
    return [server for server in servers if "." in server and not server.startswith("127.")]


def open_forwarding() -> None:
    """Enable routing and (re)write our nftables table. Idempotent; call under the state lock."""
    if not IP_FORWARD_SAVED.exists():
        IP_FORWARD_SAVED.write_text(IP_FORWARD.read_text())
    IP_FORWARD.write_text("1\n")
    run(["nft", "-f", "-"], input_text=_ruleset())


def close_forwarding() -> None:
    """Undo open_forwarding once no instance is left. Idempotent."""
    if run(["nft", "list", "table", "ip", NFT_TABLE], check=False, capture=True).returncode == 0:
        run(["nft", "delete", "table", "ip", NFT_TABLE])
        log(f"removed nftables table {NFT_TABLE}")
    if IP_FORWARD_SAVED.exists():
        IP_FORWARD.write_text(IP_FORWARD_SAVED.read_text())
        IP_FORWARD_SAVED.unlink()


def _ruleset() -> str:
    # "add table" + "delete table" + full definition: replaces our table atomically whether or not
    # it existed, and never touches anyone else's rules.
    return f"""
add table ip {NFT_TABLE}
delete table ip {NFT_TABLE}
table ip {NFT_TABLE} {{
    chain forward {{
        type filter hook forward priority filter; policy accept;
        ip saddr {ALL_GUESTS} ip daddr {ALL_GUESTS} accept
        ip daddr {ALL_GUESTS} ct state established,related accept
        ip saddr {ALL_GUESTS} udp dport 53 accept
        ip saddr {ALL_GUESTS} tcp dport {{ 53, 80, 443 }} accept
        ip saddr {ALL_GUESTS} counter drop
        ip daddr {ALL_GUESTS} counter drop
    }}
    chain postrouting {{
        type nat hook postrouting priority srcnat; policy accept;
        ip saddr {ALL_GUESTS} ip daddr != {ALL_GUESTS} masquerade
    }}
}}
"""


def configure_host_side(name: str, index: int, timeout: float = 30.0) -> None:
    """Address the controller's end of the veth once nspawn has created it."""
    interface = host_interface(name)
    deadline = time.monotonic() + timeout
    while not interface_exists(interface):
        if time.monotonic() > deadline:
            raise TesthostError(f"{interface} did not appear within {timeout:.0f}s")
        time.sleep(0.2)
    run(["ip", "addr", "replace", f"{host_address(index)}/24", "dev", interface])
    run(["ip", "link", "set", interface, "up"])


def interface_exists(interface: str) -> bool:
    return Path("/sys/class/net", interface).exists()


def remove_interface(interface: str) -> None:
    """nspawn's veth dies with the container; this only clears one left by a killed nspawn."""
    if interface_exists(interface):
        run(["ip", "link", "delete", interface], check=False)
