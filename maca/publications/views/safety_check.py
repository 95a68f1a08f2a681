"""The safety check: what it found in a version, replaced or kept with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.publications import access, checking, presenters, services
from maca.publications.forms import OverrideForm, ReplaceForm
from maca.publications.models import Status

from ._shared import _as_left, _changed_only_by_you, _current, _publication, _since_opened
from .showing import NEXT_STEP


@require_capability(Capability.VIEW_PUBLICATIONS)
def check(request, pk: int):
    publication = _publication(request, pk)
    item = _current(request, publication)
    can_manage = access.can_manage(request.membership)
    if not (can_manage or access.is_approver(request.membership)):
        raise PermissionDenied
    found = checking.check_version(item)
    # A correction's reason is in no section, and cannot be kept with a reason: said apart, with where it is changed.
    doing = NEXT_STEP.get(Status(item.status))
    reason_problem = services.correction_reason_problem(item, doing) if doing else ""
    return render(
        request,
        "publications/check.html",
        {
            "publication": publication,
            "version": item,
            "found": found,
            "open": [h for h in found if h.is_open],
            "overridden": checking.kept_once_each(found),
            "can_fix": can_manage and item.status == Status.DRAFT,
            "reason_problem": reason_problem,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


def _replace_refused(request, publication, error: EditConflict) -> str:
    """Why a replacement pressed on a check page opened earlier was not made,
    naming who changed the publication since: "you", on another page (another
    tab or window), as the section pages say it (ADR 0027)."""
    current = error.instance
    if current.status != Status.DRAFT:
        return f"{_since_opened(_as_left(publication, current))} since you opened this page, so nothing was replaced."
    if _changed_only_by_you(request, current, error.expected):
        return (
            "You changed this publication on another page (another tab or window) after opening this one, "
            "so nothing was replaced. Check what the safety check finds now, then replace it again."
        )
    return presenters.changed_meanwhile_text(current, doing="replaced")


@require_capability(Capability.MANAGE_PUBLICATIONS)
def replace(request, pk: int):
    if request.method != "POST":
        return redirect("publications:check", pk=pk)
    publication = _publication(request, pk)
    item = _current(request, publication)
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That replacement could not be made: run the safety check again.")
        return redirect("publications:check", pk=publication.pk)
    data = form.cleaned_data
    try:
        services.hit_replace(
            actor=request.user,
            version=item,
            address=data["address"],
            start=data["start"],
            end=data["end"],
            found=data["found"],
            new=data["new"],
            expected_version=data["version"],
        )
    except EditConflict as error:
        messages.error(request, _replace_refused(request, publication, error))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Replaced with ‘{data['new']}’.")
    return redirect("publications:check", pk=publication.pk)


@require_capability(Capability.MANAGE_PUBLICATIONS)
def override(request, pk: int, fingerprint: str):
    publication = _publication(request, pk)
    item = _current(request, publication)
    # The same words of the same kind in the same place are kept by one reason.
    matches = [h for h in checking.check_version(item) if h.fingerprint == fingerprint]
    match = matches[0] if matches else None
    if match is None:
        messages.error(request, "That text is no longer in the publication.")
        return redirect("publications:check", pk=publication.pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.hit_override(
                actor=request.user, version=item, fingerprint=fingerprint, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if kept.reason != form.cleaned_data["reason"].strip():
                # Kept meanwhile (another person, or this one in another tab): the
                # reason recorded is that one, so this one's was not saved.
                who = "you" if kept.decided_by_id == request.user.pk else kept.decided_by.full_name
                messages.error(
                    request,
                    f"It had already been kept by {who}, with the reason “{kept.reason}”: "
                    "the reason you typed has not been saved.",
                )
            else:
                messages.success(request, "What the safety check found has been kept, with your reason.")
            return redirect("publications:check", pk=publication.pk)
    return render(
        request,
        "publications/override.html",
        {
            "publication": publication,
            "hit": match,
            "matches": matches,
            "where": match.where[0].lower() + match.where[1:] if match.where.startswith("The ") else match.where,
            "form": form,
            "back_url": reverse("publications:check", args=[publication.pk]),
        },
    )
