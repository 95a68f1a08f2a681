from __future__ import annotations

from django.conf import settings

from maca.home.navigation import navigation_for


def shell(request) -> dict:
    """What the page shell needs: navigation, current partnership, capabilities."""
    membership = getattr(request, "membership", None)
    return {
        "navigation": navigation_for(request),
        "current_membership": membership,
        "current_partnership": getattr(request, "partnership", None),
        "can": {c.value: True for c in membership.capabilities} if membership else {},
        "has_several_partnerships": len(getattr(request, "memberships", [])) > 1,
        "environment": settings.ENVIRONMENT,
    }
