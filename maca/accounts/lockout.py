"""Hooks for django-axes: which account an attempt is for, and the lock-out page."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def username_from_request(request, credentials=None) -> str:
    """allauth sends ``email`` in the credentials; the form field is ``login``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    return render(
        request,
        "account/locked_out.html",
        {"cooloff_hours": settings.AXES_COOLOFF_TIME, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
