"""Why a message has not gone, on any page that lists it (``presenters.failure_text``)."""

from __future__ import annotations

from django import template

from maca.notifications import presenters

register = template.Library()


@register.filter
def why_not_sent(email) -> str:
    return presenters.failure_text(email) if email is not None else ""
