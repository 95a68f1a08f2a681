"""The time-out warning (WCAG 2.2.1), as the GOV.UK and HMRC time-out pattern
does it (ADR 0014).

A session ends ``SESSION_IDLE_MINUTES`` after its last request, and in any
case ``SESSION_MAX_HOURS`` after sign-in (``middleware.SessionLifetimeMiddleware``).
Every page a signed-in person sees carries the seconds its session has left
(:func:`seconds_left`, through :func:`context`); ``core/static/core/timeout.js``
warns ``SESSION_WARNING_SECONDS`` before the end in a modal dialog, "Stay signed
in" asks :func:`keep_alive` to renew it, typing renews it too, and at the end
the page goes to :func:`signed_out`, which signs out and says why.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maca.accounts.middleware import SIGNED_IN_AT_SESSION_KEY


def seconds_left(request) -> int:
    """How long this session has before it ends, if the person does nothing more."""
    idle = settings.SESSION_COOKIE_AGE
    signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    if signed_in_at is None:
        return idle
    until_the_limit = settings.SESSION_MAX_HOURS * 3600 - (time.time() - signed_in_at)
    return max(0, int(min(idle, until_the_limit)))


def context(request) -> dict:
    """For the page shell (a context processor): the time-out dialog's figures."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    left = seconds_left(request)
    return {
        "session_timeout": {
            "seconds_left": left,
            # The session's last stretch before its maximum: staying signed in cannot help.
            "at_limit": left < settings.SESSION_COOKIE_AGE,
            "max_hours": settings.SESSION_MAX_HOURS,
            "warning_seconds": settings.SESSION_WARNING_SECONDS,
            "renew_after_typing_seconds": settings.SESSION_RENEW_AFTER_TYPING_SECONDS,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
        }
    }


@login_not_required
@require_POST
def keep_alive(request):
    """Renews the session (every request does: ``SESSION_SAVE_EVERY_REQUEST``)
    and says how long it now has. Signed out, it says so, without an error
    status: the page then ends its own session view."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})


@login_not_required
def signed_out(request):
    """Where the page goes when its time is up: POST signs the session out
    (it may still have a second or two), then the page says why, and offers
    to sign in again and come back to the page the person was on."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        # Why the session ended, for the page to say: its maximum since sign-in
        # (however busy it was), or a pause longer than the idle time-out.
        at_maximum = getattr(request, "session_reached_maximum", False)
        if request.user.is_authenticated:
            at_maximum = _until_maximum(request) <= MAXIMUM_REACHED_WITHIN_SECONDS
            logout(request)
        query = {**({"next": next_url} if next_url else {}), **({"reason": "maximum"} if at_maximum else {})}
        return redirect(request.path + (f"?{urlencode(query)}" if query else ""))
    if request.user.is_authenticated:
        # Another tab kept the session alive: go back to work.
        return redirect(next_url or "home:index")
    return render(
        request,
        "accounts/signed_out.html",
        {
            "next_url": next_url,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "at_maximum": request.GET.get("reason") == "maximum",
            "max_hours": settings.SESSION_MAX_HOURS,
        },
    )


# The page's countdown to the maximum may end a moment before the server's clock does.
MAXIMUM_REACHED_WITHIN_SECONDS = 60


def _until_maximum(request) -> float:
    signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    if signed_in_at is None:
        return float("inf")
    return settings.SESSION_MAX_HOURS * 3600 - (time.time() - signed_in_at)
