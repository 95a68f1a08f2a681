"""Immediate safeguarding concerns: flagged on a case and sent to the owning agency at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.findings import access, presenters, selectors, services
from maca.findings.forms import (
    AcknowledgeForm,
    ConcernForm,
)
from maca.selection.selectors import agency_scope

from ._shared import (
    CONFLICT,
    _audit_case_for,
    _meeting_audit,
    _viewed,
)


@require_capability(Capability.RECORD_MEETING)
def concern_new(request, audit_pk: int, pk: int):
    audit = _meeting_audit(request, audit_pk)
    if not access.can_raise_concern(request.membership, audit):
        raise PermissionDenied
    audit_case = _audit_case_for(audit, pk)
    form = ConcernForm(request.POST or None, agencies=services.agencies_of_case(audit_case))
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                actor=request.user,
                audit_case=audit_case,
                agency=form.chosen_agency(),
                what_was_found=form.cleaned_data["what_was_found"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if concern.alert_sent_at:
                messages.success(request, f"The concern has been raised and {concern.agency.name}’s lead e-mailed.")
            else:
                messages.error(
                    request,
                    f"The concern has been recorded, but {concern.agency.name} has no agency lead to e-mail: "
                    "telephone the agency today.",
                )
            return redirect("findings:concern", pk=concern.pk)
    return render(
        request,
        "findings/concern_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "back_url": reverse("findings:case", args=[audit.pk, audit_case.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concerns(request):
    return render(
        request,
        "findings/concerns.html",
        {"table": presenters.concerns_table(selectors.concerns_for(request.membership), show_audit=True)},
    )


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concern(request, pk: int):
    item = get_object_or_404(selectors.concerns_for(request.membership), pk=pk)
    can_acknowledge = (
        request.membership.can(Capability.RESPOND_TO_CONCERNS)
        and item.agency_id in agency_scope(request.membership)
        and item.acknowledged_at is None
    )
    form = AcknowledgeForm(request.POST or None, initial={"version": item.version}) if can_acknowledge else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.concern_acknowledge(
                    actor=request.user,
                    concern=item,
                    acknowledgement=form.cleaned_data["acknowledgement"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict:
                messages.error(request, CONFLICT)
                return redirect("findings:concern", pk=item.pk)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Thank you: the concern is acknowledged.")
                return redirect("findings:concern", pk=item.pk)
    _viewed(request, "immediate_concern.viewed", item)
    return render(
        request,
        "findings/concern.html",
        {
            "concern": item,
            "summary": presenters.concern_summary(item),
            "form": form,
            "back_url": reverse("findings:concerns"),
        },
    )
