"""Immediate safeguarding concerns: flagged on a case and sent to the owning agency at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict
from maca.core.errors import Refused, apply_validation_error
from maca.core.presenters import date_time
from maca.findings import access, extensions, presenters, selectors, services
from maca.findings.forms import (
    AcknowledgeForm,
    ConcernForm,
)
from maca.findings.services.concerns import ConcernAlreadyRaised
from maca.partnerships.presenters import agency_name
from maca.selection.selectors import agency_scope

from ._shared import (
    CONFLICT,
    _audit_case_for,
    _case_records_opened,
    _meeting_audit,
    _viewed,
)


def _leads(concern) -> str:
    """Who the concern's alert went to: the agency's own leads, or for one with
    none of its own (a GP practice) its care board's, who act for it."""
    count = len(concern.alert_recipients or [])
    return "the agency lead who acts" if count <= 1 else f"the {count} agency leads who act"


def _say_raised(request, concern, *, once: bool = False) -> None:
    """What raising ``concern`` did; ``once``: the form was sent again, and raised nothing more."""
    again = " It was raised once, not twice." if once else ""
    if concern.alert_sent_at:
        messages.success(
            request,
            f"The concern has been raised and e-mailed to {_leads(concern)} for {agency_name(concern.agency)}.{again}",
        )
    else:
        messages.error(
            request,
            f"The concern has been recorded, but {agency_name(concern.agency)} has no agency lead to e-mail: "
            f"telephone the agency today.{again}",
        )


@require_capability(Capability.RECORD_MEETING)
def concern_new(request, audit_pk: int, pk: int):
    audit = _meeting_audit(request, audit_pk)
    closed = access.concern_closed(audit)
    if closed is not None:
        # The person raises concerns, but not at this audit's stage: the page
        # says why, as the meeting's other pages do (still refused, 403).
        title, said = closed
        refused = Refused(
            title=title,
            caption=audit.title,
            paragraphs=[said],
            back_text="Go to the meeting page",
            back_url=reverse("findings:meeting", kwargs={"audit_pk": audit.pk}),
        )
        typed = request.POST.get("what_was_found", "").strip() if request.method == "POST" else ""
        if typed:  # the audit moved on while the page was open: what was typed, to copy
            refused.not_saved = [(ConcernForm.base_fields["what_was_found"].label, typed)]
        raise refused
    audit_case = _audit_case_for(audit, pk)
    form = ConcernForm(request.POST or None, agencies=services.agencies_of_case(audit_case))
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                actor=request.user,
                audit_case=audit_case,
                agency=form.chosen_agency(),
                what_was_found=form.cleaned_data["what_was_found"],
                submission=form.cleaned_data["submission"],
            )
        except ConcernAlreadyRaised as sent_again:
            # The button pressed twice, or the browser sending the form again:
            # the first send's concern, said as the first send said it.
            _say_raised(request, sent_again.concern, once=True)
            return redirect("findings:concern", pk=sent_again.concern.pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            _say_raised(request, concern)
            return redirect("findings:concern", pk=concern.pk)
    return render(
        request,
        "findings/concern_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            # Said from the rule that sets it, so the form and the saved concern agree.
            "respond_by": presenters.long_date(services.concern_respond_by(timezone.localdate())),
            "back_url": reverse("findings:case", args=[audit.pk, audit_case.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concerns(request):
    """Each concern by its audit, case number and reference: case-level data, so the view is logged."""
    items = list(selectors.concerns_for(request.membership).select_related("audit_case__case"))
    record(
        actor=request.user,
        action="immediate_concerns.viewed",
        partnership=request.partnership,
        changes={"cases": sorted({c.audit_case.case.reference for c in items})},
    )
    return render(
        request,
        "findings/concerns.html",
        {
            "table": presenters.concerns_table(
                items,
                show_audit=True,
                case_records=_case_records_opened(request.membership, [c.audit_case for c in items]),
            )
        },
    )


def _acknowledged_meanwhile(request, concern) -> Refused:
    """The concern was acknowledged on another page (another tab or window, or
    another of the agency's leads) while this one was open: the page says so,
    with what was typed to copy, rather than that the role lacks this part of maca."""
    by_you = concern.acknowledged_by_id == request.user.pk
    if by_you:
        who = "You acknowledged it on another page (another tab or window)"
    else:
        who = f"{concern.acknowledged_by.full_name if concern.acknowledged_by else 'Someone else'} acknowledged it"
    refused = Refused(
        title="This concern has already been acknowledged",
        caption=concern.audit.title,
        paragraphs=[
            f"{who} on {date_time(concern.acknowledged_at)}, so what you wrote here has not been saved.",
            "The concern’s page shows what your agency recorded.",
        ],
        back_text="Go to the concern",
        back_url=reverse("findings:concern", args=[concern.pk]),
        status=200,
    )
    if typed := (request.POST.get("acknowledgement") or "").strip():
        refused.not_saved = [("What has your agency done, or what will it do?", typed)]
    return refused


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concern(request, pk: int):
    item = get_object_or_404(selectors.concerns_for(request.membership).select_related("audit_case__case"), pk=pk)
    acts_for_agency = request.membership.can(Capability.RESPOND_TO_CONCERNS) and item.agency_id in agency_scope(
        request.membership
    )
    can_acknowledge = acts_for_agency and item.acknowledged_at is None
    form = AcknowledgeForm(request.POST or None, initial={"version": item.version}) if can_acknowledge else None
    if request.method == "POST":
        if form is None:
            if acts_for_agency and item.acknowledged_at is not None:
                raise _acknowledged_meanwhile(request, item)
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
    _viewed(request, "immediate_concern.viewed", item, case=item.audit_case.case.reference)
    return render(
        request,
        "findings/concern.html",
        {
            "concern": item,
            "summary": presenters.concern_summary(
                item,
                opens_record=bool(_case_records_opened(request.membership, [item.audit_case])),
                more=extensions.concern_rows(concern=item, membership=request.membership),
            ),
            "form": form,
            "back_url": reverse("findings:concerns"),
            # The way back to where it was flagged, for whoever may open the meeting.
            "case_url": reverse("findings:case", args=[item.audit_case.audit_id, item.audit_case_id])
            if access.can_see_meeting(request.membership, item.audit)
            else "",
        },
    )
