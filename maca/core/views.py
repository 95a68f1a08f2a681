from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maca.core.errors import Refused

# When the accessibility statement was written, and last checked against the pages.
ACCESSIBILITY_STATEMENT_PREPARED = dt.date(2026, 12, 1)
ACCESSIBILITY_STATEMENT_REVIEWED = dt.date(2026, 12, 1)


@login_not_required
@require_GET
@never_cache
def health(request):
    """For load balancers: answers 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ok = True
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        ok = False
    return JsonResponse({"status": "ok" if ok else "error"}, status=200 if ok else 503)


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement the 2018 regulations ask for. Its dates
    change when someone reviews it against what the pages do."""
    return render(
        request,
        "core/accessibility.html",
        {
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "max_hours": settings.SESSION_MAX_HOURS,
            "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
        },
    )


@login_not_required
@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


def permission_denied(request, exception=None):
    if isinstance(exception, Refused):
        return render(request, "core/refused.html", {"refusal": exception}, status=exception.status)
    return render(request, "core/403.html", status=403)


def page_not_found(request, exception=None):
    # Someone who works in more than one partnership may have followed a link
    # about another of theirs: the page says where they are working and how to
    # switch. It depends on their memberships alone, never on what the address
    # asked for, so it says nothing of whether that exists anywhere.
    memberships = getattr(request, "memberships", None) or []
    partnership = getattr(request, "partnership", None)
    return render(
        request,
        "core/404.html",
        {"working_in": partnership if len(memberships) > 1 else None},
        status=404,
    )


def server_error(request):
    return render(request, "core/500.html", status=500)
