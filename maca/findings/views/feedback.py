"""Feedback to the practitioners whose work was audited, through their agency lead."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.errors import apply_validation_error
from maca.findings import presenters, selectors, services
from maca.findings.forms import (
    FeedbackForm,
)

from ._shared import (
    _viewed,
)


@require_capability(Capability.RECORD_FEEDBACK)
def feedback_cases(request):
    assignments = list(selectors.feedback_cases_for(request.membership))
    given = {
        (f.audit_case_id, f.agency_id)
        for f in selectors.feedback_given_for(request.membership, [a.audit_case_id for a in assignments])
    }
    rows = [
        [
            {"text": a.audit_case.audit.title},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Case {}</a>',
                    reverse("findings:feedback_new", args=[a.pk]),
                    a.audit_case.number,
                )
            },
            {"text": a.agency.name},
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
    assignment = get_object_or_404(selectors.feedback_cases_for(request.membership), pk=pk)
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
            messages.success(request, f"Feedback on case {audit_case.number} has been recorded.")
            return redirect("findings:feedback_cases")
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/feedback_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "agency": assignment.agency,
            "form": form,
            "findings": presenters.findings_table(found, caption="What the audit found", audit_pk=None),
            "feedback": presenters.feedback_table(
                selectors.feedback_of(audit).filter(audit_case=audit_case, agency=assignment.agency)
            ),
            "back_url": reverse("findings:feedback_cases"),
        },
    )
