"""Grading scales: the list and a partnership's own new scale."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.errors import apply_validation_error
from maca.tools import presenters, services
from maca.tools.forms import ScaleForm
from maca.tools.selectors import scales_for


@require_capability(Capability.MANAGE_TOOLS)
def scales(request):
    return render(
        request,
        "tools/scales.html",
        {"table": presenters.scales_table(list(scales_for(request.partnership))), "back_url": reverse("tools:index")},
    )


@require_capability(Capability.MANAGE_TOOLS)
def scale_new(request):
    form = ScaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scale = services.scale_create(
                actor=request.user,
                partnership=request.partnership,
                name=data["name"],
                description=data["description"],
                levels=form.level_list(),
                meeting_standard=data["meeting_standard"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The scale ‘{scale.name}’ has been added. Grade questions can now use it.")
            return redirect("tools:scales")
    return render(request, "tools/scale_form.html", {"form": form, "back_url": reverse("tools:scales")})
