"""The action plan as lists, downloads and board papers; an audit's actions; one action's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.actions import access, exports, links, presenters, reporting, selectors
from maca.actions.forms import PlanFilterForm
from maca.actions.models import ActionStatus
from maca.actions.rag import RULES_IN_WORDS
from maca.audit_trail.services import record
from maca.core.exports import attachment_header, check_size, download
from maca.core.presenters import pagination, paragraphs
from maca.findings.access import concern_opener

from ._shared import _action_for

PAGE_SIZE = 50


def _filtered(request, *, scope=...):
    """The filter form, its filters and the actions they select, as the page lists them."""
    membership = request.membership
    choices = selectors.filter_choices(membership, scope)
    form = PlanFilterForm(
        request.GET or None,
        agencies=choices.agencies,
        audits=choices.audits,
        themes=choices.themes,
        owners=choices.owners,
        years=choices.years,
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    base = access.visible_actions(membership) if scope is ... else access.visible_actions(membership, scope=scope)
    qs = selectors.filter_plan(base, filters, today)
    return form, filters, qs, today


def _plan_page(request, *, template: str, scope=..., extra=None, narrow=None):
    """``narrow``: a function of the actions and today narrowing the list further."""
    form, _filters, qs, today = _filtered(request, scope=scope)
    if narrow is not None:
        qs = narrow(qs, today)
    page = Paginator(selectors.plan_rows(qs, today), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            # Each action's page leads back here, to this page of the list with its filters.
            "table": presenters.plan_table(page.object_list, today, back=request.get_full_path()),
            "pagination": pagination(page, request.GET),
            "can_manage": access.can_manage(request.membership),
            **(extra or {}),
        },
    )


def _scope_agency(membership):
    """The agency whose actions an agency's person sees (``None``: the whole partnership's)."""
    return membership.agency if access.agency_bound(membership) else None


@require_capability(Capability.VIEW_ACTIONS)
def plan(request):
    membership = request.membership
    scope_agency = _scope_agency(membership)
    return _plan_page(
        request,
        template="actions/plan.html",
        extra={
            "scope_agency": scope_agency,
            "has_own_list": scope_agency is not None and membership.can(Capability.UPDATE_ACTIONS),
            "rag_rules": RULES_IN_WORDS,
        },
    )


@require_capability(Capability.UPDATE_ACTIONS)
def mine(request):
    """An agency's own actions: its people's list of what to do."""
    membership = request.membership
    if not access.agency_bound(membership):
        raise Http404("Only an agency's people have an agency's actions")
    # The home page's "Actions that need you" leads here, to those it counts (``selectors.needing``).
    needing_you = request.GET.get("show") == presenters.NEEDING_YOU
    return _plan_page(
        request,
        template="actions/mine.html",
        extra={"agency": membership.agency, "needing_you": needing_you},
        narrow=(lambda qs, today: selectors.needing_you(qs, membership, today)) if needing_you else None,
    )


def _export_query(request):
    form, filters, qs, today = _filtered(request)
    if form.is_bound and not form.is_valid():
        return None, None, None, None
    return qs, today, form, filters


@require_capability(Capability.VIEW_ACTIONS)
def plan_export(request, fmt: str):
    qs, today, form, filters = _export_query(request)
    if qs is None:
        return redirect(reverse("actions:plan") + "?" + request.GET.urlencode())
    count = qs.count()
    if problem := check_size(count, fmt):
        messages.error(request, problem)
        return redirect(reverse("actions:plan") + "?" + request.GET.urlencode())
    record(
        actor=request.user,
        action="action_plan.exported",
        partnership=request.partnership,
        changes={"format": fmt, "actions": count, "filters": request.GET.dict()},
    )
    rows = exports.with_latest_progress(selectors.plan_rows(qs, today))
    table = exports.plan_table(
        rows, today, exports.themes_by_action(qs), selectors.agency_names(request.partnership.pk, qs)
    )
    name = _download_name(request, "action-plan", form, filters, fmt=fmt, today=today)
    response = download(table, fmt=fmt, filename=name)
    response["Content-Disposition"] = attachment_header(name)
    return response


def _download_name(request, stem: str, form, filters, *, fmt: str, today) -> str:
    scope_agency = _scope_agency(request.membership)
    return presenters.download_name(stem, form, filters, scope_agency=scope_agency, fmt=fmt, on=today)


def _board_context(request, form, filters, qs, today):
    """A board paper's figures: all of them (summary, overdue, closed and the
    plan) over the same actions, those the plan's filters select."""
    summary = selectors.board_summary(request.membership, today, actions=qs)
    actions = list(selectors.plan_rows(qs, today))
    for a in actions:
        a.rag_label = presenters.rag_text(a, today)
        a.due_label = presenters.due_text(a)
    for a in summary.overdue:
        a.days_overdue = (today - a.due_on).days
        a.due_label = presenters.due_text(a)
    for a in summary.closed_recently:
        # Its paragraphs and lines kept in both files, as on the board page (``presenters.closed_table``).
        a.impact_paragraphs = paragraphs(a.impact)
    return {
        "title": f"{request.partnership.name}: action plan",
        "partnership_name": request.partnership.name,
        "intro": f"The action plan as at {presenters.long_date(today)}: each action’s owner, its due date "
        f"and how it is doing. {RULES_IN_WORDS}",
        "shown": presenters.filters_text(form, filters, scope_agency=_scope_agency(request.membership)),
        # Filtered, an empty list says so of the actions shown, never of the whole plan:
        # a paper of red actions lists no closed one, though actions were closed.
        **presenters.board_paper_empties(filtered=bool(presenters.chosen_filters(form, filters))),
        "summary": summary,
        "chart": presenters.board_chart(summary),
        "nothing_open": reporting.nothing_open_sentence(
            in_plan=bool(actions) or access.visible_actions(request.membership).exists(), matching=len(actions)
        ),
        "actions": actions,
        "today": today,
        "long_date": presenters.long_date,
    }


def _board_paper(request, kind: str):
    qs, today, form, filters = _export_query(request)
    if qs is None:
        return redirect(reverse("actions:plan") + "?" + request.GET.urlencode())
    context = _board_context(request, form, filters, qs, today)
    record(
        actor=request.user,
        action="action_plan.exported",
        partnership=request.partnership,
        changes={"format": kind, "actions": len(context["actions"]), "filters": request.GET.dict()},
    )
    if kind == "pdf":
        data, content_type = exports.board_paper_pdf(context), "application/pdf"
    else:
        data = exports.board_paper_docx(context)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    name = _download_name(request, "action-plan-board-paper", form, filters, fmt=kind, today=today)
    response["Content-Disposition"] = attachment_header(name)
    return response


@require_capability(Capability.VIEW_ACTIONS)
def plan_pdf(request):
    return _board_paper(request, "pdf")


@require_capability(Capability.VIEW_ACTIONS)
def plan_docx(request):
    return _board_paper(request, "docx")


def _nothing_open(membership, summary) -> str:
    """The board summary's sentence where no action is red, amber or green
    (every action the person may see, no filters); a query only then."""
    if summary.agencies:
        return ""
    actions = access.visible_actions(membership).exists()
    return reporting.nothing_open_sentence(in_plan=actions, matching=int(actions))


@require_capability(Capability.VIEW_ACTIONS)
def board(request):
    today = timezone.localdate()
    summary = selectors.board_summary(request.membership, today)
    return render(
        request,
        "actions/board.html",
        {
            "summary": summary,
            "chart": presenters.board_chart(summary),
            "nothing_open": _nothing_open(request.membership, summary),
            "overdue": presenters.overdue_table(summary.overdue, today, back=request.get_full_path()),
            "closed": presenters.closed_table(summary.closed_recently, back=request.get_full_path()),
            "since": presenters.long_date(summary.since),
            "scope_agency": _scope_agency(request.membership),
            "rag_rules": RULES_IN_WORDS,
        },
    )


@require_capability(Capability.VIEW_ACTIONS)
def audit(request, audit_pk: int):
    """An audit's actions, and for the QA officer what they can be raised from."""
    item = get_object_or_404(selectors.partnership_audits_qs(request.partnership.pk), pk=audit_pk)
    today = timezone.localdate()
    scope = access.agency_ids(request.membership)
    actions = selectors.plan_rows(access.visible_actions(request.membership, scope=scope).filter(audit=item), today)
    can_manage = access.can_manage(request.membership)
    return render(
        request,
        "actions/audit.html",
        {
            "audit": item,
            "table": presenters.plan_table(
                actions,
                today,
                caption="Actions from this audit",
                caption_shown=False,
                audit_shown=False,
                back=request.get_full_path(),
            ),
            "count": len(actions),
            "empty": ""
            if actions
            else presenters.audit_actions_empty(
                raised_for_others=scope is not None and selectors.audit_has_actions(request.partnership.pk, item)
            ),
            "can_manage": can_manage,
            "sources": links.sources_of_audit(item) if can_manage else None,
        },
    )


@require_capability(Capability.VIEW_ACTIONS)
def detail(request, pk: int):
    action = _action_for(request, pk)
    membership = request.membership
    today = timezone.localdate()
    back_url, back_text = presenters.back_link(request.GET.get("back"))
    back = presenters.safe_back(request.GET.get("back"))
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "back_url": back_url,
            "back_text": back_text,
            # Each step's page carries the list the action was opened from, back to this page after it.
            "step_query": presenters.with_back("", back),
            "summary": presenters.action_summary(action, today, links=links.link_rows(action, membership)),
            "history": presenters.history_table(
                selectors.history_of(action), can_see_evidence=access.can_see_evidence(membership, action)
            ),
            "reminders": presenters.reminders_table(
                selectors.reminders_of(action), addresses=access.can_see_recipients(membership, action)
            ),
            "can_post_progress": access.can_post_progress(membership, action),
            "can_request_sign_off": access.can_request_sign_off(membership, action),
            "can_sign_off": access.can_sign_off(membership, action),
            "can_move_due_date": access.can_move_due_date(membership, action),
            "can_reopen": access.can_reopen(membership, action),
            "can_change_owner": access.can_change_owner(membership, action),
            "held_without_acting": (
                presenters.held_without_acting(action) if access.holds_without_acting(membership, action) else ""
            ),
            "can_cancel": access.can_cancel(membership, action),
            "concern_opens": action.concern_id is not None and concern_opener(membership)(action.concern),
            # Sent back and not yet put forward again: what the agency was told is still needed.
            "sent_back": (
                presenters.sent_back_note(selectors.last_send_back(action))
                if action.status == ActionStatus.IN_PROGRESS
                else None
            ),
        },
    )
