from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maca.accounts.roles import Capability
from maca.operations import presenters, selectors, workers
from maca.operations.models import ProcessKind


def operators_and_admins(view):
    """Platform operators, and partnership admins read-only: the schedule
    serves every partnership and shows nothing of any one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if request.user.is_staff or (membership is not None and membership.can(Capability.VIEW_AUDIT_LOG)):
            return view(request, *args, **kwargs)
        raise PermissionDenied

    return wrapped


@require_GET
@operators_and_admins
def schedule(request):
    now = timezone.now()
    return render(
        request,
        "operations/schedule.html",
        {
            "processes": presenters.processes_summary(selectors.heartbeats(), selectors.task_queue(now=now), now=now),
            "schedule_table": presenters.schedule_table(
                selectors.latest_runs(),
                now=now,
                scheduler_running=bool(workers.alive(ProcessKind.SCHEDULER, now=now)),
            ),
            "runs_table": presenters.runs_table(selectors.recent_runs()),
        },
    )


@login_not_required
@require_GET
@never_cache
def ready(request):
    """For load balancers and monitoring: 200 when this process can serve,
    503 when the database or the task queue cannot be reached. Workers and the
    scheduler are reported, not required: a page can be served without them,
    and monitoring alerts on ``degraded``."""
    checks: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["database"] = "error"
    try:
        queue = selectors.task_queue()
        checks["task_queue"] = "ok"
        checks.update({f"tasks_{key}": value for key, value in queue.items()})
    except Exception:  # noqa: BLE001
        checks["task_queue"] = "error"
    if checks["database"] == "ok":
        checks["workers"] = len(workers.alive(ProcessKind.WORKER))
        checks["scheduler"] = "ok" if workers.alive(ProcessKind.SCHEDULER) else "not running"
    ready_to_serve = checks["database"] == "ok" and checks["task_queue"] == "ok"
    degraded = ready_to_serve and (not checks["workers"] or checks["scheduler"] != "ok")
    status = "degraded" if degraded else ("ok" if ready_to_serve else "error")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready_to_serve else 503)
