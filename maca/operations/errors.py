"""Optional error reporting, switched on by the environment.

``MACA_ERROR_REPORTER`` is empty (the default: errors are only logged),
``sentry`` (send to Sentry or a Sentry-compatible service such as GlitchTip at
``MACA_SENTRY_DSN``; needs the ``sentry-sdk`` package installed), or the dotted
path of your own callable, which is handed an :class:`ErrorReport`.

A report carries the kind of error and where in the code it happened, with the
request or task ids: never the error's message, local variables, the request's
path, body, cookies or headers, which could carry identifiers or secrets.
"""

from __future__ import annotations

import logging
import sys
import traceback
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import got_request_exception
from django.utils.module_loading import import_string

logger = logging.getLogger("maca.operations")


@dataclass(frozen=True)
class ErrorReport:
    source: str  # "request" or "task"
    error_type: str
    stack: str  # where it happened: the frames, without the message
    context: dict = field(default_factory=dict)


def stack_of(exc_info) -> str:
    return "".join(traceback.format_tb(exc_info[2])) if exc_info and exc_info[2] else ""


def type_of(exc_info) -> str:
    kind = exc_info[0] if exc_info else None
    return f"{kind.__module__}.{kind.__qualname__}" if kind else ""


def _reporter():
    name = settings.MACA_ERROR_REPORTER
    if not name:
        return None
    if name == "sentry":
        return _sentry
    return import_string(name)


def report(error: ErrorReport) -> None:
    reporter = _reporter()
    if reporter is None:
        return
    try:
        reporter(error)
    except Exception:
        logger.warning("The error reporter failed", exc_info=True)


def _on_request_exception(sender, request=None, **kwargs) -> None:
    from maca.operations.structured_logs import current

    exc_info = sys.exc_info()
    user = getattr(request, "user", None)
    partnership = getattr(request, "partnership", None)
    match = getattr(request, "resolver_match", None)
    context = {
        **current(),
        "route": "/" + match.route if match is not None else None,
        "user_id": user.pk if user is not None and getattr(user, "is_authenticated", False) else None,
        "partnership_id": partnership.pk if partnership is not None else None,
    }
    report(ErrorReport("request", type_of(exc_info), stack_of(exc_info), context))


def _on_task_finished(sender, task_result=None, **kwargs) -> None:
    from django_tasks import TaskResultStatus

    if task_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    report(
        ErrorReport(
            "task",
            error.exception_class_path if error else "",
            _frames_only(error.traceback) if error else "",
            {"task_id": str(task_result.id), "task": task_result.task.module_path},
        )
    )


def _frames_only(text: str) -> str:
    """A formatted traceback's frames, without any exception's message."""
    return "".join(line + "\n" for line in text.splitlines() if line.startswith("  "))


def connect() -> None:
    from django_tasks.signals import task_finished

    got_request_exception.connect(_on_request_exception, dispatch_uid="maca.operations.errors.request")
    task_finished.connect(_on_task_finished, dispatch_uid="maca.operations.errors.task")


# Sentry ------------------------------------------------------------------------------------

_sentry_ready = False


def _sentry(error: ErrorReport) -> None:
    global _sentry_ready
    import sentry_sdk

    if not _sentry_ready:
        sentry_sdk.init(
            dsn=settings.MACA_SENTRY_DSN,
            environment=settings.ENVIRONMENT,
            send_default_pii=False,
            default_integrations=False,  # nothing captured behind our back: only these reports
            include_local_variables=False,
            max_breadcrumbs=0,
        )
        _sentry_ready = True
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("source", error.source)
        for key, value in error.context.items():
            if value is not None:
                scope.set_tag(key, str(value))
        scope.set_context("stack", {"frames": error.stack})
        sentry_sdk.capture_message(f"{error.error_type} in {error.source}", level="error")
