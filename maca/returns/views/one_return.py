"""One return: its read-only page, its task list of sections, and Check your answers, from
where the lead submits it (ADR 0013)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, changed_on_another_page
from maca.returns import (
    access,
    chronology_selectors,
    presenters,
    sections,
    selectors,
    services,
    summative,
    task_list_presenters,
)
from maca.returns.models import ReturnStatus
from maca.returns.views._common import SEES_RETURNS, _editable_return, _int, _what_happened, return_in_scope


@require_capability(*SEES_RETURNS)
def detail(request, pk: int):
    return_record = return_in_scope(request, pk)
    membership = request.membership
    states = sections.section_states(return_record.tool_version, return_record.answers)
    record(
        actor=request.user, action="return.viewed", partnership=request.partnership, target=return_record, changes={}
    )
    back = _back_from_return(membership, return_record)
    return render(
        request,
        "returns/detail.html",
        {
            "return_record": return_record,
            "summary": presenters.return_summary(
                return_record,
                last_save=selectors.last_save_of(return_record),
                cases=None if return_record.audit_case_id else summative.cases_of_summative(return_record),
                # Cases to audit lists its own agency's cases, with their references.
                cases_url=reverse("selection:my_cases") if membership.can(Capability.VIEW_AGENCY_CASES) else None,
                withdrawn_at=selectors.withdrawn_at_of(return_record),
            ),
            "sections": task_list_presenters.check_answers_cards(
                return_record, states, return_record.answers, can_change=False
            ),
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "history": presenters.transitions_table(selectors.transitions_of(return_record), return_record),
            "can_edit": access.can_edit(membership, return_record),
            "can_submit": access.can_submit(membership, return_record),
            "can_review": access.can_review(membership, return_record),
            "can_send_back": access.can_send_back(membership, return_record),
            "can_withdraw": access.can_withdraw(membership, return_record),
            "can_see_history": access.can_see_history(membership),
            "can_open_integrated": chronology_selectors.can_open_integrated(membership, return_record),
            "asks_for_chronology": task_list_presenters.asks_for_chronology(
                return_record, chronology_selectors.entry_count_of(return_record)
            ),
            "back_url": back[0],
            "back_text": back[1],
        },
    )


def _back_from_return(membership, return_record) -> tuple[str, str]:
    """Where the return's back link goes, and what it says (the page's
    heading): the responses of the audit for those who track them, an
    agency's own returns, and for a scrutineer (who opens it from the
    meeting's case page) that case, or the audit."""
    if membership.can(Capability.TRACK_RESPONSES):
        return reverse("returns:tracking", args=[return_record.audit_id]), "Back to who has responded"
    if membership.agency_id:
        return reverse("returns:mine"), "Back to your agency’s returns"
    if return_record.audit_case_id:
        case = reverse("findings:case", args=[return_record.audit_id, return_record.audit_case_id])
        return case, "Back to the case at the meeting"
    return reverse("programme:audit", args=[return_record.audit_id]), "Back to the audit"


@require_capability(Capability.EDIT_RETURNS)
def edit(request, pk: int):
    """The return as a task list: each section, completed or not, and the way to
    check the answers and submit."""
    return_record = _editable_return(request, pk)
    states = sections.section_states(return_record.tool_version, return_record.answers)
    record(
        actor=request.user,
        action="return.viewed",
        partnership=request.partnership,
        target=return_record,
        changes={"for": "editing"},
    )
    return render(
        request,
        "returns/tasks.html",
        {
            "return_record": return_record,
            "task_list": task_list_presenters.task_list(
                return_record, states, chronology_entries=chronology_selectors.entry_count_of(return_record)
            ),
            "completed": sections.completed_count(states),
            "section_count": len(states),
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "can_edit": True,  # opened through _editable_return
            "can_submit": access.can_submit(request.membership, return_record),
            "back_url": reverse("returns:detail", args=[return_record.pk]),
        },
    )


def _already_submitted(request, return_record):
    """A second Submit (a double click, or a page left open) finds the return
    submitted: show it, as the first click did, rather than an error."""
    messages.success(request, f"This {return_record.kind_name} has been submitted.")
    return redirect("returns:detail", pk=return_record.pk)


@require_capability(Capability.EDIT_RETURNS)
def check(request, pk: int):
    """Check your answers: every section's answers with a link to change each,
    and (for the lead) Submit, there whether or not a draft was ever saved."""
    if request.method == "POST":
        shown = return_in_scope(request, pk)
        if shown.status == ReturnStatus.SUBMITTED and access.is_own(request.membership, shown):
            return _already_submitted(request, shown)
    return_record = _editable_return(request, pk)
    errors: list[dict] = []
    if request.method == "POST":
        if not access.can_submit(request.membership, return_record):
            raise PermissionDenied
        try:
            services.return_submit(
                actor=request.user,
                membership=request.membership,
                return_record=return_record,
                expected_version=_int(request.POST.get("version")),
            )
        except EditConflict as error:
            if error.instance.status == ReturnStatus.SUBMITTED:
                return _already_submitted(request, error.instance)
            return_record = _editable_return(request, pk)
            # Said as the "combine" page says it: the person's own save on another page is not someone else's.
            by_you, _ = _what_happened(request, error.instance, _int(request.POST.get("version")) or 0)
            this = f"this {return_record.kind_name}"
            what = changed_on_another_page(this) if by_you else f"Someone else changed {this} since this page was shown"
            errors = [{"text": f"{what}. Check the answers below, as they are now, then submit again."}]
        except ValidationError as error:
            return_record.refresh_from_db()
            states = sections.section_states(return_record.tool_version, return_record.answers)
            errors = task_list_presenters.missing_answers_summary(return_record, states) or [
                {"text": message} for message in error.messages
            ]
        else:
            messages.success(request, f"The {return_record.kind_name} has been submitted to the QA officer.")
            return redirect("returns:detail", pk=return_record.pk)
    else:
        record(
            actor=request.user,
            action="return.viewed",
            partnership=request.partnership,
            target=return_record,
            changes={"for": "checking"},
        )
    states = sections.section_states(return_record.tool_version, return_record.answers)
    chronology_entries = chronology_selectors.entry_count_of(return_record)
    return render(
        request,
        "returns/check.html",
        {
            "return_record": return_record,
            "cards": task_list_presenters.check_answers_cards(
                return_record, states, return_record.answers, can_change=True
            ),
            "chronology": task_list_presenters.chronology_card(return_record, chronology_entries, can_change=True)
            if task_list_presenters.asks_for_chronology(return_record, chronology_entries)
            else None,
            "chronology_entries": chronology_entries,
            "missing": task_list_presenters.missing_answers_summary(return_record, states),
            "errors": errors,
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "can_edit": True,  # opened through _editable_return
            "can_submit": access.can_submit(request.membership, return_record),
            "back_url": reverse("returns:edit", args=[return_record.pk]),
        },
    )
