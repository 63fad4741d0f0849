"""Who is asking: the client's address, from the socket or from a trusted proxy's header."""

from __future__ import annotations

import ipaddress

from quart import current_app, has_websocket_context, request, websocket

FORWARDED_FOR = "X-Forwarded-For"
UNKNOWN = "unknown"
#: One IPv6 subscriber usually holds a whole /64, so limits count it as one address.
IPV6_PREFIX = 64


def forwarded_client(header: str | None, hops: int) -> str | None:
    """The address that the nearest of `hops` trusted proxies saw, read from the right of an
    `X-Forwarded-For` value (entries further left are whatever the client claimed); None when
    the header has fewer entries than there are proxies."""
    if not header or hops < 1:
        return None
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < hops or not entries[-hops]:
        return None
    return entries[-hops]


def client_address() -> str:
    """The address of the client of this request or websocket: the socket's peer, or with
    `TRUST_PROXY_HEADERS` the client that our own proxy saw."""
    current = websocket if has_websocket_context() else request
    hops = current_app.config["TRUST_PROXY_HEADERS"]
    forwarded = forwarded_client(current.headers.get(FORWARDED_FOR), hops) if hops else None
    return forwarded or current.remote_addr or UNKNOWN


def limit_key(address: str) -> str:
    """What limits count `address` as: itself, its /64 for IPv6, IPv4 for IPv4-mapped IPv6."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)
