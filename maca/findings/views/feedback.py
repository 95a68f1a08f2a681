"""Feedback to the practitioners whose work was audited, through their agency lead."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.errors import apply_validation_error
from maca.findings import access, presenters, selectors, services
from maca.findings.forms import (
    FeedbackForm,
)
from maca.partnerships.presenters import agency_name
from maca.returns.presenters import case_record_link

from ._shared import (
    _case_records_opened,
    _viewed,
)


@require_capability(Capability.RECORD_FEEDBACK)
def feedback_cases(request):
    """Each case by its audit, number and reference: case-level data, so the view is logged."""
    assignments = list(selectors.feedback_cases_for(request.membership).select_related("audit_case__case"))
    given = {
        (f.audit_case_id, f.agency_id)
        for f in selectors.feedback_given_for(request.membership, [a.audit_case_id for a in assignments])
    }
    opened = _case_records_opened(request.membership, [a.audit_case for a in assignments])
    record(
        actor=request.user,
        action="feedback_cases.viewed",
        partnership=request.partnership,
        changes={"cases": sorted({a.audit_case.case.reference for a in assignments})},
    )
    rows = [
        [
            {"text": a.audit_case.audit.title},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Case {}</a> ({})',
                    reverse("findings:feedback_new", args=[a.pk]),
                    a.audit_case.number,
                    case_record_link(a.audit_case, opens=a.audit_case.case_id in opened),
                )
            },
            {"text": agency_name(a.agency)},
            {"text": "Given" if (a.audit_case_id, a.agency_id) in given else "Not recorded yet"},
        ]
        for a in assignments
    ]
    return render(
        request,
        "findings/feedback_cases.html",
        {
            "table": {
                "caption": "Cases to feed back on",
                "captionClasses": "govuk-visually-hidden",
                "head": [{"text": "Audit"}, {"text": "Case"}, {"text": "Agency"}, {"text": "Feedback"}],
                "rows": rows,
            }
        },
    )


@require_capability(Capability.RECORD_FEEDBACK)
def feedback_new(request, pk: int):
    assignment = get_object_or_404(
        selectors.feedback_cases_for(request.membership).select_related("audit_case__case"), pk=pk
    )
    audit_case = assignment.audit_case
    audit = audit_case.audit
    found = [
        f
        for f in selectors.findings_of_case(audit_case)
        if f.tags_confirmed_at is not None and (f.agency_id is None or f.agency_id == assignment.agency_id)
    ]
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(
                actor=request.user,
                audit_case=audit_case,
                agency=assignment.agency,
                what_was_fed_back=form.cleaned_data["what_was_fed_back"],
                given_to=form.cleaned_data["given_to"],
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Feedback on case {audit_case.number} of ‘{audit.title}’ has been recorded.")
            return redirect("findings:feedback_cases")
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/feedback_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "agency": assignment.agency,
            "recording_ended": access.recording_ended(audit),
            "case_rows": presenters.case_rows(
                audit, audit_case, opens_record=bool(_case_records_opened(request.membership, [audit_case]))
            ),
            "form": form,
            "findings": presenters.findings_table(found, caption="What the audit found", audit_pk=None),
            "feedback": presenters.feedback_table(
                selectors.feedback_of(audit).filter(audit_case=audit_case, agency=assignment.agency)
            ),
            "back_url": reverse("findings:feedback_cases"),
        },
    )
