"""Where the current request came from, for the audit log.

The middleware fills this per request so that services can record the IP
address and browser without being handed the request.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("maca_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _NO_REQUEST


def set_current(value: RequestContext):
    return _current.set(value)


def reset(token) -> None:
    _current.reset(token)
