"""The reader's address: the socket's, or the one a trusted proxy reports, always a valid IP address.

Anyone can send ``X-Real-IP``; only a proxy listed in PORTAL_TRUSTED_PROXIES is believed. Otherwise a client could
pick a new address per request and escape both the login lock-out and the per-address bound of the statistics.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# What a request without a usable socket address (a Unix socket, a test's odd REMOTE_ADDR) is taken to come from:
# a valid address, so the lock-out can store it on PostgreSQL, shared by every such request, so none escapes it.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (an address stored, not one listened on)
# IPv6 hosts hold a whole /64 and change addresses inside it (privacy extensions): the bound counts the network.
IPV6_BOUND_PREFIX = 64


def parse_address(value) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``value`` as an IP address (an IPv4 address written as IPv6 becomes IPv4), or None if it is not one."""
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"PORTAL_TRUSTED_PROXIES không hợp lệ: {exc}") from exc


def trusted_networks() -> tuple:
    """PORTAL_TRUSTED_PROXIES as networks; an address alone is a network of one."""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if isinstance(proxies, str):
        proxies = proxies.split(",")
    return _networks(tuple(proxies))


def is_trusted_proxy(address) -> bool:
    return any(address in network for network in trusted_networks())  # False across IPv4 and IPv6


def client_address(request) -> str:
    """The reader's address, as text: PORTAL_CLIENT_ADDRESS_HEADER when a trusted proxy sent the request and the
    header holds one valid address, otherwise REMOTE_ADDR, otherwise UNKNOWN_ADDRESS.

    The login lock-out (AXES_CLIENT_IP_CALLABLE) and the statistics both use it.
    """
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    header = settings.PORTAL_CLIENT_ADDRESS_HEADER
    if remote is not None and header and is_trusted_proxy(remote):
        reported = parse_address(request.META.get(header, ""))
        if reported is not None:
            return str(reported)
    return str(remote) if remote is not None else UNKNOWN_ADDRESS


def bound_address(address: str) -> str:
    """What the per-address bound of the statistics counts: the address, or for IPv6 its /64 network."""
    parsed = parse_address(address)
    if parsed is None:
        return UNKNOWN_ADDRESS
    if parsed.version == 6:
        return str(ipaddress.ip_network((parsed, IPV6_BOUND_PREFIX), strict=False))
    return str(parsed)
