"""Which hosts a fetch may reach: public internet addresses only, unless the user allows more.

A URL in a feed or a redirect can point anywhere, including the machine Parley
runs on (``127.0.0.1``), the local network, or a cloud metadata service
(``169.254.169.254``).  Every request, the first and each redirect, is checked on
the addresses its host resolves to before it is sent, and the address actually
connected to is checked again when the response arrives, so a name that resolves
differently the second time (DNS rebinding) is still caught.

Hand-written on purpose: the standard ``ipaddress`` module classifies addresses,
and no maintained package guards httpx this way; the policy is these few lines.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from collections.abc import Callable

from parley.errors import FetchError, FetchRefused

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Resolves (host, port) to the IP addresses a connection may use.
Resolver = Callable[[str, int], list[str]]

#: Ports by scheme, for URLs that name none.
DEFAULT_PORTS = {"http": 80, "https": 443}


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (what a connection may pick)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_not_public(address: str) -> str | None:
    """What kind of non-public address this is ("loopback", "private"...), None if public."""
    try:
        ip: Address = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified),
              ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
              ("private", ip.is_private), ("reserved", ip.is_reserved),
              ("non-public", not ip.is_global))
    for kind, hit in checks:
        if hit:
            return kind
    return None


def uses_proxy(scheme: str, host: str) -> bool:
    """True when the environment sends this request through a proxy, which resolves it."""
    return scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(host)


def check_target(url: str, scheme: str, host: str, port: int | None,
                 resolve: Resolver = system_resolver) -> None:
    """Refuse (FetchRefused) a request whose host is not a public internet address."""
    if scheme not in DEFAULT_PORTS:
        raise FetchRefused(f"refused: only http and https are fetched, not {scheme}",
                           source=url)
    try:
        literal: str | None = str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        literal = None
    if literal is None and host.rstrip(".").lower().endswith("localhost"):
        raise FetchRefused(f"refused: {host} is this machine (use --allow-private)",
                           source=url)
    if literal is None and uses_proxy(scheme, host):
        return  # the proxy resolves and connects; there is no address here to check
    try:
        addresses = [literal] if literal else resolve(host, port or DEFAULT_PORTS[scheme])
    except (OSError, UnicodeError):
        raise FetchError(f"unreachable: unknown host {host}", source=url) from None
    for address in addresses:
        refuse_address(address, url)


def refuse_address(address: str, url: str) -> None:
    """Raise FetchRefused when address is not a public internet address."""
    kind = why_not_public(address)
    if kind:
        raise FetchRefused(f"refused: {kind} address {address} "
                           "(use --allow-private to fetch it)", source=url)
