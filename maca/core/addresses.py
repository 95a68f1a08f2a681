"""An address sent back to us (``?back=``, ``?next=``) read safely: only a
path on this site, resolved to one of its views, is ever followed. And the
partnership a link in an e-mail is about (``?partnership=``, ADR 0005)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


# The query parameter that names, by its slug, the partnership a link in an
# e-mail is about. ``accounts.middleware.PartnershipOfLinkMiddleware`` reads it.
PARTNERSHIP_PARAMETER = "partnership"


def with_partnership(url: str, slug: str) -> str:
    """``url`` naming the partnership ``slug`` (any other parameter kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARTNERSHIP_PARAMETER]
    query.append((PARTNERSHIP_PARAMETER, slug))
    return urlunsplit(parts._replace(query=urlencode(query)))


def without_partnership(path: str, query_string: str) -> str:
    """The address ``path?query_string`` with no ``?partnership=``."""
    query = [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k != PARTNERSHIP_PARAMETER]
    return f"{path}?{urlencode(query)}" if query else path


def links_with_partnership(text: str, *, base_url: str, slug: str) -> str:
    """Every link to this site in ``text`` (an e-mail's body) naming the partnership ``slug``."""
    if not base_url:
        return text
    pattern = re.compile(re.escape(base_url.rstrip("/")) + r"/[^\s<>\"']*")

    def tag(match: re.Match) -> str:
        url = match.group(0)
        trailing = ""
        while url and url[-1] in ".,;:!?)’”":  # punctuation after a link is the sentence's
            url, trailing = url[:-1], url[-1] + trailing
        return with_partnership(url, slug) + trailing

    return pattern.sub(tag, text)
