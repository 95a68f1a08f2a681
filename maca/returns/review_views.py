"""What the QA officer does with returns: review (accept or send back),
withdraw, read a return's history; and the audit's responses: the tracking
grid, reminders, and the counts. (An agency's own work on a return is in
``views``.)"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.core.opened_in import opened_in_field
from maca.programme.models import returns_called
from maca.programme.selectors import audits_for
from maca.returns import (
    access,
    chronology_selectors,
    counts_presenters,
    presenters,
    reminders,
    sections,
    selectors,
    services,
    task_list_presenters,
    tracking_presenters,
)
from maca.returns.counting import summarise
from maca.returns.forms import ReminderForm, ReviewForm, WithdrawForm
from maca.returns.tracking import tracking_grid
from maca.returns.views import return_in_scope
from maca.tools.answers import questions_of


@require_capability(Capability.REVIEW_RETURNS)
def review(request, pk: int):
    return_record = return_in_scope(request, pk)
    if not access.can_review(request.membership, return_record):
        messages.error(request, access.review_refusal(return_record))
        return redirect("returns:detail", pk=return_record.pk)
    can_send_back = access.can_send_back(request.membership, return_record)
    form = ReviewForm(
        request.POST or None,
        initial={"version": return_record.version},
        can_send_back=can_send_back,
        return_record=return_record,
    )
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.return_review(
                actor=request.user,
                membership=request.membership,
                return_record=return_record,
                accept=accept,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            done = "accepted" if accept else "sent back to the agency"
            messages.success(request, f"The {return_record.kind_name} has been {done}.")
            return redirect("returns:tracking", audit_pk=return_record.audit_id)
    record(
        actor=request.user,
        action="return.viewed",
        partnership=request.partnership,
        target=return_record,
        changes={"page": "review"},
    )
    # What is decided on, beside the decision: the answers at the version the
    # form carries (a change meanwhile is refused as a conflict), read-only.
    states = sections.section_states(return_record.tool_version, return_record.answers)
    entries = chronology_selectors.entry_count_of(return_record)
    return render(
        request,
        "returns/review.html",
        {
            "return_record": return_record,
            "form": form,
            "can_send_back": can_send_back,
            "returns_called": returns_called(return_record.audit.kind),
            "cards": task_list_presenters.check_answers_cards(
                return_record, states, return_record.answers, can_change=False, heading_level=3
            ),
            "chronology": task_list_presenters.chronology_card(
                return_record, entries, can_change=False, heading_level=3
            )
            if task_list_presenters.asks_for_chronology(return_record, entries)
            else None,
            "can_see_history": access.can_see_history(request.membership),
            "back_url": reverse("returns:detail", args=[pk]),
            # Submitted again after a send-back: what it was sent back for.
            "sent_back_before": presenters.sent_back_notice(selectors.last_send_back_of(return_record)),
        },
    )


@require_capability(Capability.REVIEW_RETURNS)
def withdraw(request, pk: int):
    return_record = return_in_scope(request, pk)
    if not access.can_withdraw(request.membership, return_record):
        raise PermissionDenied
    form = WithdrawForm(
        request.POST or None, initial={"version": return_record.version}, kind_name=return_record.kind_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.return_withdraw(
                actor=request.user,
                membership=request.membership,
                return_record=return_record,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"The {return_record.kind_name} has been withdrawn. It is kept, marked as withdrawn."
            )
            return redirect("returns:detail", pk=return_record.pk)
    return render(
        request,
        "returns/withdraw.html",
        {
            "return_record": return_record,
            "form": form,
            "back_url": reverse("returns:detail", args=[pk]),
        },
    )


@require_capability(Capability.REVIEW_RETURNS)
def history(request, pk: int):
    return_record = return_in_scope(request, pk)
    questions = {q.key: q for q in questions_of(return_record.tool_version)}
    record(
        actor=request.user,
        action="return_history.viewed",
        partnership=request.partnership,
        target=return_record,
        changes={},
    )
    return render(
        request,
        "returns/history.html",
        {
            "return_record": return_record,
            "entries": presenters.every_change(
                selectors.revisions_of(return_record), questions, chronology_selectors.changes_of(return_record)
            ),
            "transitions": presenters.transitions_table(selectors.transitions_of(return_record), return_record),
            "back_url": reverse("returns:detail", args=[pk]),
        },
    )


# The audit's responses ---------------------------------------------------------------------


def _audit_for(request, pk: int):
    return get_object_or_404(audits_for(request.partnership), pk=pk)


@require_capability(Capability.TRACK_RESPONSES)
def tracking(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    returns = selectors.audit_return_cells(audit)
    grid = tracking_grid(
        audit, returns, selectors.partnership_agencies(request.partnership.pk), today=timezone.localdate()
    )
    can_remind = request.membership.can(Capability.SEND_REMINDERS) and audit.stage in ("auditing", "meeting")
    unreachable = reminders.unreachable_for(request.partnership.pk, [audit])
    return render(
        request,
        "returns/tracking.html",
        {
            "audit": audit,
            "returns_called": returns_called(audit.kind),
            "grid": grid,
            "grid_table": tracking_presenters.grid_table(grid, overdue=grid.overdue),
            "responses_table": tracking_presenters.responses_table(
                grid,
                can_remind=can_remind,
                csrf_token=get_token(request),
                opened_in=opened_in_field(request),
                audit_pk=audit.pk,
                unreachable={item.agency.pk for item in unreachable},
            ),
            "unreachable": unreachable,
            "lead_fixer": tracking_presenters.lead_fixer(request.membership, [item.agency for item in unreachable])
            if unreachable
            else None,
            "reminders_table": tracking_presenters.reminders_table(selectors.reminders_for(audit)[:50]),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_POST
@require_capability(Capability.SEND_REMINDERS)
def remind(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    form = ReminderForm(request.POST)
    agencies = selectors.partnership_agencies(request.partnership.pk)
    if not form.is_valid() or form.cleaned_data["agency"] not in agencies:
        raise Http404("No such agency")
    agency = agencies[form.cleaned_data["agency"]]
    try:
        sent = reminders.reminder_send_manual(
            actor=request.user, audit=audit, agency=agency, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        recipients = ", ".join(email for reminder in sent for email in reminder.recipients)
        messages.success(
            request,
            f"A reminder to {recipients} is on its way. Whether it has gone shows under Reminders.",
        )
    return redirect("returns:tracking", audit_pk=audit.pk)


@require_capability(Capability.VIEW_FIGURES)
def summary(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    result = summarise(selectors.audit_returns(audit), agencies=selectors.partnership_agencies(request.partnership.pk))
    return render(
        request,
        "returns/summary.html",
        {
            "audit": audit,
            "summary": result,
            "counted_called": returns_called(audit.kind, result.counted),
            "tables": counts_presenters.summary_tables(result) + counts_presenters.answer_tables(result),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )
