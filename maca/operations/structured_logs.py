"""Structured logs: one JSON object per line, and one line per request.

``MACA_LOG_FORMAT=json`` (the default in production) formats every log record
as JSON with the request id, user id and partnership id of the request, or the
task id in a worker. :class:`RequestLogMiddleware` writes one ``maca.request``
line per request: method, route (the URL pattern, not the path, so no token
or search term is written), view, status, duration, ids. Nothing that
identifies a child, nor a person's name or e-mail address, is logged: ids only.

The request id is taken from the proxy's ``X-Request-ID`` header when it looks
like one (so a line in nginx's log and ours match), otherwise made here; it is
sent back in the response's ``X-Request-ID`` and kept in the audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.urls import Resolver404, resolve

_context: ContextVar[dict | None] = ContextVar("maca_log_context", default=None)

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_logger = logging.getLogger("maca.request")


def current() -> dict:
    return _context.get() or {}


@contextlib.contextmanager
def bound(**fields):
    """Add ``fields`` to every log line written inside the block."""
    token = _context.set({**current(), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def bind(**fields) -> None:
    """Add ``fields`` to the current block (the request's middleware opened it)."""
    context = _context.get()
    if context is not None:
        context.update(fields)


# The attributes every LogRecord has; anything else was passed in ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Objects Django passes in ``extra`` that must not be written out.
_NOT_LOGGED = {"request", "server_time"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(current())
        entry.update(
            {k: v for k, v in vars(record).items() if k not in _STANDARD and k not in _NOT_LOGGED and k[0] != "_"}
        )
        if record.exc_info:
            # The kind of error and where: its message could quote a cell or an address.
            kind = record.exc_info[0]
            entry["error"] = f"{kind.__module__}.{kind.__qualname__}" if kind else ""
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2])) if record.exc_info[2] else ""
        return json.dumps(entry, default=str, ensure_ascii=False)


class RedactPaths(logging.Filter):
    """Django's own request log names the path (``Not Found: /invitations/<token>/``):
    write the route instead, so no secret in a path reaches the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and record.args:
            route = route_of(request.path_info)
            record.args = tuple(route if arg == request.path else arg for arg in record.args)
        if request is not None:
            # The request object itself does not go into a JSON line.
            record.request = None
        return True


def route_of(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return "(no route)"
    return "/" + match.route if match.route else "/"


def _request_id(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if REQUEST_ID_PATTERN.match(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the chain: times everything, including redirects to HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        started = time.perf_counter()
        with bound(request_id=request.request_id):
            response = None
            try:
                response = self.get_response(request)
            finally:
                self._log(request, response, time.perf_counter() - started)
        response["X-Request-ID"] = request.request_id
        return response

    @staticmethod
    def _log(request, response, seconds: float) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        partnership = getattr(request, "partnership", None)
        if match is not None:
            route = "/" + match.route
        elif request.path_info.startswith(settings.STATIC_URL):
            route = settings.STATIC_URL  # served by WhiteNoise before any URL is resolved
        else:
            route = None
        request_logger.info(
            "%s %s %s",
            request.method,
            route or "(no route)",
            response.status_code if response is not None else 500,
            extra={
                "method": request.method,
                "route": route,
                "view": match.view_name if match is not None else None,
                "status": response.status_code if response is not None else 500,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "partnership_id": partnership.pk if partnership is not None else None,
            },
        )
