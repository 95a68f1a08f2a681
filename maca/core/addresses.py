"""An address sent back to us (``?back=``, ``?next=``) read safely: only a
path on this site, resolved to one of its views, is ever followed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, ResolverMatch, resolve


def local_view(address: str | None) -> ResolverMatch | None:
    """The view ``address`` leads to, when it is a path on this site
    (``/...``: never ``//host``, a scheme or a backslash, which browsers read
    as another site); otherwise ``None``."""
    if not address or not address.startswith("/") or address.startswith("//") or "\\" in address:
        return None
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    try:
        return resolve(parts.path)
    except Resolver404:
        return None
