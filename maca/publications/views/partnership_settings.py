"""The partnership's publication settings: the approver and the letterhead's logo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.errors import apply_validation_error
from maca.publications import access, rendering, services
from maca.publications.forms import SettingsForm


@require_capability(Capability.MANAGE_MEMBERS)
def settings_view(request):
    current = access.settings_for(request.partnership)
    form = SettingsForm(request.POST or None, request.FILES or None, initial={"approver_role": current.approver_role})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        try:
            services.settings_update(
                actor=request.user,
                partnership=request.partnership,
                approver_role=form.cleaned_data["approver_role"],
                logo_png=upload.read(300_000) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The publication settings have been saved.")
            return redirect("publications:settings")
    return render(
        request,
        "publications/settings.html",
        {
            "form": form,
            "has_logo": bool(current.logo_png),
            "logo_uri": rendering.Letterhead("", bytes(current.logo_png or b"")).logo_data_uri,
            "back_url": reverse("publications:index"),
        },
    )
