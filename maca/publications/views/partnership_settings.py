"""The partnership's publication settings: the approver and the letterhead's logo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, merge_after_conflict
from maca.core.errors import apply_validation_error
from maca.publications import access, rendering, services
from maca.publications.forms import SettingsForm


def _initial(current) -> dict:
    """The form's values for the settings as saved (``version`` 1 when none are yet)."""
    return {"approver_role": current.approver_role, "remove_logo": False, "version": current.version}


@require_capability(Capability.MANAGE_MEMBERS)
def settings_view(request):
    current = access.settings_for(request.partnership)
    form = SettingsForm(request.POST or None, request.FILES or None, initial=_initial(current))
    conflict = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        try:
            saved = services.settings_update(
                actor=request.user,
                partnership=request.partnership,
                approver_role=form.cleaned_data["approver_role"],
                logo_png=upload.read(300_000) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # Another admin saved meanwhile: the page shows the settings as they are now, with this
            # person's own changes kept where they made them; saving again is a knowing choice.
            current = error.instance
            merged = merge_after_conflict(form, _initial(current), version=current.version)
            conflict = merged.message("the publication settings")
            if upload:
                # A browser cannot be given a file to send again.
                conflict += " Your logo has not been saved: choose the file again."
            merged.initial.pop("logo", None)
            form = merged.shown_on(SettingsForm(initial=merged.initial))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if saved.version != form.cleaned_data["version"]:
                messages.success(request, "The publication settings have been saved.")
            else:
                messages.success(request, "Nothing was changed: the publication settings are as they were.")
            return redirect("publications:settings")
    return render(
        request,
        "publications/settings.html",
        {
            "form": form,
            "conflict_message": conflict,
            "has_logo": bool(current.logo_png),
            # Empty for a damaged logo saved before logos were checked: the page says so.
            "logo_uri": rendering.Letterhead(request.partnership.name, bytes(current.logo_png or b"")).logo_data_uri,
            "back_url": reverse("publications:index"),
        },
    )
