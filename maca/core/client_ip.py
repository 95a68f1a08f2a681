"""The address a request came from, seen through the proxies we trust.

One setting, ``MACA_PROXY_COUNT`` (the number of reverse proxies in front of
maca that we run and trust), decides it for everything that needs it: the
lock-out (django-axes), allauth's rate limits and the audit log.

Each trusted proxy appends to ``X-Forwarded-For`` the address it received the
request from. So the client is the entry the outermost trusted proxy wrote,
``MACA_PROXY_COUNT`` places from the right; whatever lies to its left came
from the client and may be invented. Without trusted proxies the header is
ignored and the client is the connection's address.

This holds only if maca cannot be reached except through those proxies
(gunicorn listening on a loopback address or a private network), as
docs in README.md "Production" say.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = getattr(settings, "MACA_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: every entry was written by a trusted proxy,
    # the leftmost by the one that met the client.
    written_by_outermost_proxy = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    return _valid(written_by_outermost_proxy) or remote
