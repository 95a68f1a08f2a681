from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.core.exports import download, filename_for
from maca.core.presenters import pagination
from maca.partnerships.presenters import agency_name
from maca.programme.audit_cases import selected as cases_selected
from maca.programme.models import AuditKind, Stage, returns_called
from maca.programme.selectors import audits_for
from maca.selection import extensions, presenters, selectors, services
from maca.selection.forms import (
    AssignmentsForm,
    DecideNominationForm,
    DrawForm,
    NominationForm,
    RemoveCaseForm,
)
from maca.selection.models import NominationStatus


def _audit_for(request, pk: int):
    return get_object_or_404(audits_for(request.partnership), pk=pk)


def _audit_case_for(request, audit, pk: int):
    return get_object_or_404(selectors.audit_cases(audit), pk=pk)


def _record_case_viewed(request, action: str, audit_case) -> None:
    record(
        actor=request.user,
        action=action,
        partnership=request.partnership,
        target=audit_case,
        changes={"case": audit_case.case.reference},
    )


# The audit's cases ------------------------------------------------------------------------


@require_capability(Capability.VIEW_ALL_CASES, Capability.VIEW_SCRUTINISED_CASES)
def cases(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    if not selectors.can_see_audit_cases(request.membership, audit):
        raise PermissionDenied
    audit_cases = list(selectors.audit_cases(audit))
    record(
        actor=request.user,
        action="audit_cases.viewed",
        partnership=request.partnership,
        target=audit,
        changes={"cases": [ac.case.reference for ac in audit_cases]},
    )
    can_select = request.membership.can(Capability.SELECT_CASES)
    # Agencies can be changed until the meeting: no link to a page that would refuse.
    can_change_agencies = can_select and audit.stage in services.ASSIGNMENT_STAGES
    can_select = can_select and audit.stage in services.SELECTION_STAGES
    return render(
        request,
        "selection/cases.html",
        {
            "audit": audit,
            "table": presenters.audit_cases_table(
                audit_cases,
                can_select=can_change_agencies,
                on=timezone.localdate(),
                withdrawn=presenters.withdrawn_of(audit, audit_cases),
                kind=audit.kind,
            ),
            "selected": cases_selected(request.partnership, audit),
            "can_select": can_select,
            # "Draw a sample, or accept nominated cases": a way to both.
            "nominations_waiting": selectors.nominations_waiting(audit) if can_select else 0,
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_capability(Capability.SELECT_CASES)
def case_agencies(request, audit_pk: int, pk: int):
    audit = _audit_for(request, audit_pk)
    audit_case = _audit_case_for(request, audit, pk)
    shown = [a.agency_id for a in audit_case.current_assignments]
    form = AssignmentsForm(
        request.POST or None,
        partnership=request.partnership,
        kept=shown,
        initial={"agencies": shown, "shown": ",".join(str(pk) for pk in sorted(shown))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            told = services.assignments_set(
                actor=request.user,
                audit_case=audit_case,
                agencies=form.cleaned_data["agencies"],
                expected_agency_ids=form.shown_ids(),
                confirmed_agency_ids=form.confirmed_ids(),
            ).told
        except EditConflict:
            audit_case = _audit_case_for(request, audit, pk)
            current = {a.agency_id for a in audit_case.current_assignments}
            # Their changes and the person's, tick by tick: what the person ticked
            # or unticked stays so; every other box is as it is now.
            shown_before, mine = set(form.shown_ids()), {a.pk for a in form.cleaned_data["agencies"]}
            merged = sorted((current | (mine - shown_before)) - (shown_before - mine))
            form = AssignmentsForm(
                partnership=request.partnership,
                kept=current,
                initial={"agencies": merged, "shown": ",".join(str(i) for i in sorted(current))},
            )
            # As the return's combine page says it: one person's save on another
            # page (another tab or window) is not someone else's.
            if selectors.agencies_changed_by(audit_case, shown_ids=shown_before) == {request.user.pk}:
                said = (
                    "You changed the agencies for this case on another page (another tab or window) while "
                    "editing them here, so nothing has been saved yet. The boxes now show the changes from both "
                    "pages: check them and save again."
                )
            else:
                said = (
                    "Someone else changed the agencies for this case while you were editing, so nothing has been "
                    "saved yet. The boxes now show their changes with yours: check them and save again."
                )
            messages.error(request, said)
        except services.WithdrawalsToConfirm as pending:
            # Nothing saved yet: the person sees what would be withdrawn and confirms.
            _record_case_viewed(request, "case_agencies.viewed", audit_case)
            return render(
                request,
                "selection/case_agencies_confirm.html",
                {
                    "audit": audit,
                    "audit_case": audit_case,
                    "at_risk": pending.at_risk,
                    "one": len(pending.at_risk) == 1,
                    # What is withdrawn: a case's returns, or a deep dive's summative reports.
                    "deep_dive": audit.kind == AuditKind.DEEP_DIVE,
                    "what": returns_called(audit.kind, 1),
                    "whats": returns_called(audit.kind),
                    "again": "a case of this audit" if audit.kind == AuditKind.DEEP_DIVE else "this case",
                    "agency_ids": [a.pk for a in form.cleaned_data["agencies"]],
                    "shown": form.cleaned_data["shown"],
                    "confirmed": ",".join(str(item.agency_id) for item in pending.at_risk),
                    "back_url": reverse("selection:case_agencies", args=[audit.pk, audit_case.pk]),
                },
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved = f"The agencies auditing case {audit_case.number} have been saved."
            if len(form.confirmed_ids()) == 1:
                saved += " The return of the agency taken off has been withdrawn and kept."
            elif form.confirmed_ids():
                saved += " The returns of the agencies taken off have been withdrawn and kept."
            # Whom the service e-mailed, as it did (nobody before agencies audit).
            saved += presenters.leads_told(
                [lead.user.full_name for lead in told.of_added],
                [lead.user.full_name for lead in told.of_removal],
                list(told.nobody_leads),
            )
            messages.success(request, saved)
            return redirect("selection:cases", audit_pk=audit.pk)
    _record_case_viewed(request, "case_agencies.viewed", audit_case)
    withdrawn = presenters.withdrawn_of(audit, [audit_case])
    return render(
        request,
        "selection/case_agencies.html",
        {
            # Ticked, and still with the case on its list, but no return asked of it.
            "withdrawn": [
                presenters.auditing_named(a, withdrawn=withdrawn, kind=audit.kind)
                for a in audit_case.current_assignments
                if a.pk in withdrawn
            ],
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "can_change": audit.stage in services.ASSIGNMENT_STAGES,
            "can_remove": audit.stage in services.SELECTION_STAGES,
            "stage": Stage(audit.stage).label,
            "agencies": [
                presenters.auditing_named(a, withdrawn=withdrawn, kind=audit.kind)
                for a in audit_case.current_assignments
            ],
            "back_url": reverse("selection:cases", args=[audit.pk]),
        },
    )


@require_capability(Capability.SELECT_CASES)
def remove_case(request, audit_pk: int, pk: int):
    audit = _audit_for(request, audit_pk)
    audit_case = _audit_case_for(request, audit, pk)
    can_remove = audit.stage in services.SELECTION_STAGES
    # A page opened before the audit moved on says why it can no longer be
    # done, rather than asking for a reason in a box it no longer shows.
    form = RemoveCaseForm((request.POST or None) if can_remove else None)
    if request.method == "POST" and can_remove and form.is_valid():
        try:
            services.audit_case_remove(actor=request.user, audit_case=audit_case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            renumbered = selectors.audit_cases(audit).filter(number__gte=audit_case.number).exists()
            messages.success(request, presenters.taken_out(audit_case, renumbered=renumbered))
            return redirect("selection:cases", audit_pk=audit.pk)
    _record_case_viewed(request, "case_removal.viewed", audit_case)
    return render(
        request,
        "selection/remove_case.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "can_remove": can_remove,
            "stage": Stage(audit.stage).label,
            "removed_while": presenters.stages_named(services.SELECTION_STAGES),
            "back_url": reverse("selection:case_agencies", args=[audit.pk, audit_case.pk]),
        },
    )


# Draws ------------------------------------------------------------------------------------


@require_capability(Capability.SELECT_CASES)
def draw(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    localities = selectors.localities_of(request.partnership)
    shown = selectors.current_draw(audit)
    form = DrawForm(
        request.POST or None,
        localities=localities,
        initial={**_draw_initial(audit, shown), "current_draw": shown.pk if shown else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pool_filter = services.PoolFilter(
            open_within_months=data["open_within_months"],
            service_levels=tuple(data["service_levels"]),
            localities=tuple(data["localities"]),
            exclude_audited_within_months=data["exclude_audited_within_months"],
            flags=tuple(data["flags"]),
        )
        try:
            made = services.draw_make(
                actor=request.user,
                audit=audit,
                size=data["size"],
                dimensions=data["dimensions"],
                allocation=data["allocation"],
                pool_filter=pool_filter,
                seed=data["seed"],
                replacing=form.replacing(),
            )
        except services.DrawReplaced as error:
            # Show the draw that was made; drawing again from here replaces it knowingly.
            data = request.POST.copy()
            data["current_draw"] = str(error.current.pk) if error.current else ""
            form = DrawForm(data, localities=localities)
            form.is_valid()
            form.add_error(None, error.message)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, presenters.draw_made(made, cases_selected(request.partnership, audit).cases))
            # The draw's page warns if the theme's cases are missing (missing_theme_flags).
            return redirect("selection:draw_detail", audit_pk=audit.pk, pk=made.pk)
    current = selectors.current_draw(audit)
    return render(
        request,
        "selection/draw.html",
        {
            "audit": audit,
            "form": form,
            "current": current,
            "current_now": presenters.drawn_cases_said(selectors.drawn_cases_now(current)) if current else "",
            "selected": cases_selected(request.partnership, audit),
            "theme_warning": presenters.theme_warning(services.missing_theme_flags(audit, current)) if current else "",
            "can_draw": audit.stage in services.DRAW_STAGES,
            "drawn_while": presenters.stages_named(services.DRAW_STAGES),
            # Not at that stage yet: the page says how to get there.
            "before_drawing": audit.stage == Stage.PLANNED,
            "can_move": request.membership.can(Capability.MANAGE_PROGRAMME),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


def _draw_initial(audit, current) -> dict:
    """The choices of the current draw, so the page shows what was chosen last
    time; usual starting values before the first draw."""
    if current is None:
        return {
            "size": audit.target_cases,
            "allocation": "proportional",
            "exclude_audited_within_months": services.LOOK_BACK_MONTHS,
            "open_within_months": services.LOOK_BACK_MONTHS,
            "dimensions": ["age_band", "sex", "ethnicity", "service_level"],
        }
    pool_filter = current.pool_filter or {}
    return {
        "size": current.size,
        "allocation": current.allocation,
        "dimensions": current.dimensions,
        "open_within_months": pool_filter.get("open_within_months"),
        "exclude_audited_within_months": pool_filter.get("exclude_audited_within_months"),
        "service_levels": pool_filter.get("service_levels", []),
        "localities": pool_filter.get("localities", []),
        "flags": pool_filter.get("flags", []),
    }


@require_capability(Capability.SELECT_CASES)
def draw_detail(request, audit_pk: int, pk: int):
    audit = _audit_for(request, audit_pk)
    made = get_object_or_404(selectors.draws_for(audit), pk=pk)
    return render(
        request,
        "selection/draw_detail.html",
        {
            "audit": audit,
            "draw": made,
            "summary": presenters.draw_summary(made),
            "balance_tables": presenters.balance_tables(made.balance, made.dimensions),
            "theme_warning": presenters.theme_warning(services.missing_theme_flags(audit, made))
            if made.superseded_at is None
            else "",
            "back_url": reverse("selection:draw", args=[audit.pk]),
        },
    )


@require_capability(Capability.SELECT_CASES)
def draw_export(request, audit_pk: int, pk: int, fmt: str):
    audit = _audit_for(request, audit_pk)
    made = get_object_or_404(selectors.draws_for(audit), pk=pk)
    record(
        actor=request.user,
        action="draw_balance.exported",
        partnership=request.partnership,
        target=made,
        changes={"format": fmt},
    )
    return download(
        presenters.balance_export_table(made),
        fmt=fmt,
        filename=filename_for("balance", audit.title, f"seed {made.seed}", fmt=fmt),
    )


# Nominations ------------------------------------------------------------------------------


@require_capability(Capability.NOMINATE_CASES, Capability.SELECT_CASES)
def nominations(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    items = selectors.nominations_for(audit)
    can_decide = request.membership.can(Capability.SELECT_CASES)
    if not can_decide:
        items = items.filter(nominated_by=request.user)  # one's own only
    items = list(items)
    record(
        actor=request.user,
        action="nominations.viewed",
        partnership=request.partnership,
        target=audit,
        changes={"cases": [n.case_reference for n in items]},
    )
    return render(
        request,
        "selection/nominations.html",
        {
            "audit": audit,
            "table": presenters.nominations_table(
                items, can_decide=can_decide, open_for_decision=audit.stage in services.SELECTION_STAGES
            ),
            "can_decide": can_decide,
            "can_nominate": request.membership.can(Capability.NOMINATE_CASES)
            and audit.stage in services.SELECTION_STAGES,
            "nominate_url": reverse("selection:nominate", args=[audit.pk]),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_capability(Capability.NOMINATE_CASES)
def nominate(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    form = NominationForm(request.POST or None)
    # Once the audit has moved on, the page says so before anyone types a
    # reason. A form sent from a page opened earlier is refused by the service,
    # and shown again with what was typed and why.
    closed = request.method != "POST" and audit.stage not in services.SELECTION_STAGES
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create(
                actor=request.user,
                audit=audit,
                can_see_pool=request.membership.can(Capability.VIEW_ALL_CASES),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, presenters.nomination_sent(audit, actor=request.user))
            return redirect("selection:nominations", audit_pk=audit.pk)
    return render(
        request,
        "selection/nominate.html",
        {
            "audit": audit,
            "form": form,
            "closed": f"Cases can be nominated only while the audit is at "
            f"{presenters.stages_named(services.SELECTION_STAGES)}. This audit is at ‘{Stage(audit.stage).label}’."
            if closed
            else "",
            "back_url": reverse("selection:nominations", args=[audit.pk]),
        },
    )


@require_capability(Capability.SELECT_CASES)
def decide_nomination(request, audit_pk: int, pk: int):
    audit = _audit_for(request, audit_pk)
    nomination = get_object_or_404(selectors.nominations_for(audit), pk=pk)
    to_ask = services.nominator_agency_to_ask(nomination) if nomination.status == NominationStatus.PENDING else None
    form = DecideNominationForm(request.POST or None, nominator_agency=agency_name(to_ask) if to_ask else "")
    decided_meanwhile = False
    open_for_decision = audit.stage in services.SELECTION_STAGES
    if request.method == "POST" and not open_for_decision:
        pass  # nothing is decided once the audit has moved on: the page says why
    elif request.method == "POST" and nomination.status != NominationStatus.PENDING:
        # Decided by someone else since this page was opened: say so, and by whom.
        decided_meanwhile = True
    elif request.method == "POST" and form.is_valid():
        try:
            decided = services.nomination_decide(
                actor=request.user,
                nomination=nomination,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                ask_nominator_agency=form.cleaned_data.get("ask_nominator_agency", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            nomination.refresh_from_db()
            decided_meanwhile = nomination.status != NominationStatus.PENDING
        else:
            audit_case = selectors.nominated_case(decided)
            moved = (
                audit_case is not None and selectors.audit_cases(audit).filter(number__gt=audit_case.number).exists()
            )
            messages.success(request, presenters.nomination_decided(decided, audit_case, others_moved=moved))
            return redirect("selection:nominations", audit_pk=audit.pk)
    record(
        actor=request.user,
        action="nomination.viewed",
        partnership=request.partnership,
        target=nomination,
        changes={"case": nomination.case_reference},
    )
    return render(
        request,
        "selection/decide_nomination.html",
        {
            "audit": audit,
            "nomination": nomination,
            "reference": presenters.nomination_reference(nomination),
            "nominator": presenters.nominator(nomination),
            "reason": presenters.paragraphs(nomination.reason),
            "problem": services.nomination_problem(nomination)
            if nomination.status == NominationStatus.PENDING
            else None,
            "decision": presenters.nomination_decision(nomination),
            "decision_reason": presenters.paragraphs(nomination.decision_reason) if nomination.decision_reason else "",
            "decided_meanwhile": decided_meanwhile,
            "open_for_decision": open_for_decision,
            "stage": Stage(audit.stage).label,
            "decided_while": presenters.stages_named(services.SELECTION_STAGES),
            "form": form,
            "back_url": reverse("selection:nominations", args=[audit.pk]),
        },
    )


# An agency's own cases --------------------------------------------------------------------


LIST_PAGE_SIZE = 50


@require_capability(Capability.VIEW_AGENCY_CASES)
def my_cases(request):
    if not request.membership.agency_id:
        raise Http404("Only agency roles have cases assigned")
    # Ten years of audits are hundreds of cases: one page at a time.
    page = Paginator(selectors.assignments_for_agency_listed(request.membership), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    record(
        actor=request.user,
        action="agency_cases.viewed",
        partnership=request.partnership,
        target=request.membership.agency,
        changes={"cases": sorted({a.audit_case.case.reference for a in page.object_list})},
    )
    return render(
        request,
        "selection/my_cases.html",
        {
            "table": presenters.my_cases_table(
                page.object_list,
                today=today,
                late=extensions.late_assignments(page.object_list, today=today),
                withdrawn=extensions.withdrawn_assignments(page.object_list),
                submitted_late=extensions.submitted_late_assignments(page.object_list),
            ),
            "agency": request.membership.agency,
            "page": page,
            "pagination": pagination(page, request.GET),
        },
    )
