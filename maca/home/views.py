from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maca.home.navigation import administration_for
from maca.home.panels import home_panels


def home(request):
    """Each role's own home page."""
    membership = request.membership
    if membership is None:
        # A platform operator with no partnership of their own.
        return render(request, "home/operator.html")
    return render(request, "home/home.html", {"panels": home_panels(request, membership)})


def administration(request):
    """The partnership's administration sections the person may use."""
    sections = administration_for(request)
    if not sections:
        raise PermissionDenied
    return render(request, "home/administration.html", {"sections": sections})
