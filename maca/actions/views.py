"""The action plan's pages: thin views, each with its guard, reaching actions
through ``selectors`` and changing them through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.actions import access, evidence, exports, links, presenters, selectors, services
from maca.actions.forms import (
    ActionForm,
    MoveDueDateForm,
    OwnerForm,
    PlanFilterForm,
    ProgressForm,
    ReasonForm,
    SignOffForm,
    SignOffRequestForm,
)
from maca.audit_trail.services import record
from maca.cases.uploads import CaseListUploadHandler
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.core.exports import check_size, download, filename_for
from maca.core.presenters import pagination

PAGE_SIZE = 50


def _action_for(request, pk: int):
    return get_object_or_404(selectors.action_for(request.membership, pk), pk=pk)


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


def _plan_page(request, *, template: str, scope=..., extra=None):
    form, _filters, qs, today = _filtered(request, scope=scope)
    page = Paginator(selectors.plan_rows(qs, today), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            "table": presenters.plan_table(page.object_list, today),
            "pagination": pagination(page, request.GET),
            "can_manage": access.can_manage(request.membership),
            **(extra or {}),
        },
    )


@require_capability(Capability.VIEW_ACTIONS)
def plan(request):
    return _plan_page(request, template="actions/plan.html")


@require_capability(Capability.UPDATE_ACTIONS)
def mine(request):
    """An agency's own actions: its people's list of what to do."""
    membership = request.membership
    if not access.agency_bound(membership):
        raise Http404("Only an agency's people have an agency's actions")
    return _plan_page(request, template="actions/mine.html", extra={"agency": membership.agency})


def _export_query(request):
    form, _filters, qs, today = _filtered(request)
    if form.is_bound and not form.is_valid():
        return None, None, None
    return qs, today, form


@require_capability(Capability.VIEW_ACTIONS)
def plan_export(request, fmt: str):
    qs, today, _form = _export_query(request)
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
    table = exports.plan_table(selectors.plan_rows(qs, today), today, exports.themes_by_action(qs))
    return download(table, fmt=fmt, filename=filename_for("action-plan", fmt=fmt))


def _board_context(request, qs, today):
    summary = selectors.board_summary(request.membership, today)
    actions = list(selectors.plan_rows(qs, today))
    for a in actions:
        a.rag_label = presenters.rag_text(a, today)
    for a in summary.overdue:
        a.days_overdue = (today - a.due_on).days
    return {
        "title": f"{request.partnership.name}: action plan",
        "intro": f"The action plan as at {presenters.long_date(today)}: every action raised after audits, "
        "its owner, its due date and how it is doing (red, amber, green by the rules in the plan's guidance).",
        "summary": summary,
        "chart": presenters.board_chart(summary),
        "actions": actions,
        "today": today,
        "long_date": presenters.long_date,
    }


def _board_paper(request, kind: str):
    qs, today, _form = _export_query(request)
    if qs is None:
        return redirect(reverse("actions:plan") + "?" + request.GET.urlencode())
    context = _board_context(request, qs, today)
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
    response["Content-Disposition"] = f'attachment; filename="{filename_for("action-plan-board-paper", fmt=kind)}"'
    return response


@require_capability(Capability.VIEW_ACTIONS)
def plan_pdf(request):
    return _board_paper(request, "pdf")


@require_capability(Capability.VIEW_ACTIONS)
def plan_docx(request):
    return _board_paper(request, "docx")


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
            "overdue": presenters.overdue_table(summary.overdue, today),
            "closed": presenters.closed_table(summary.closed_recently),
            "since": presenters.long_date(summary.since),
        },
    )


@require_capability(Capability.VIEW_ACTIONS)
def audit(request, audit_pk: int):
    """An audit's actions, and for the QA officer what they can be raised from."""
    item = get_object_or_404(selectors.partnership_audits_qs(request.partnership.pk), pk=audit_pk)
    today = timezone.localdate()
    actions = selectors.plan_rows(access.visible_actions(request.membership).filter(audit=item), today)
    can_manage = access.can_manage(request.membership)
    return render(
        request,
        "actions/audit.html",
        {
            "audit": item,
            "table": presenters.plan_table(actions, today, caption="Actions from this audit"),
            "count": len(actions),
            "can_manage": can_manage,
            "sources": links.sources_of_audit(item) if can_manage else None,
        },
    )


# One action ------------------------------------------------------------------------------


@require_capability(Capability.VIEW_ACTIONS)
def detail(request, pk: int):
    action = _action_for(request, pk)
    membership = request.membership
    today = timezone.localdate()
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "summary": presenters.action_summary(action, today, links=links.link_rows(action)),
            "history": presenters.history_table(
                selectors.history_of(action), can_see_evidence=access.can_see_evidence(membership, action)
            ),
            "reminders": presenters.reminders_table(selectors.reminders_of(action)),
            "can_post_progress": access.can_post_progress(membership, action),
            "can_request_sign_off": access.can_request_sign_off(membership, action),
            "can_sign_off": access.can_sign_off(membership, action),
            "can_move_due_date": access.can_move_due_date(membership, action),
            "can_reopen": access.can_reopen(membership, action),
            "can_change_owner": access.can_change_owner(membership, action),
            "can_cancel": access.can_cancel(membership, action),
        },
    )


def _run(form, call):
    try:
        return call()
    except EditConflict as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        apply_validation_error(form, error)
    return None


@require_capability(Capability.UPDATE_ACTIONS)
@csrf_exempt  # checked below, once the upload handler is in place
def progress(request, pk: int):
    # Evidence stays in memory, never in a temporary file (maca.cases.uploads).
    request.upload_handlers = [CaseListUploadHandler(request, limit=evidence.max_bytes())]
    return _progress(request, pk)


@csrf_protect
def _progress(request, pk: int):
    action = _action_for(request, pk)
    if not access.can_post_progress(request.membership, action):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ProgressForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"version": action.version}
    )
    if posted and form.is_valid():
        done = _run(
            form,
            lambda: services.progress_post(
                actor=request.user,
                action=action,
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done is not None:
            messages.success(request, "Your progress update has been added.")
            return redirect("actions:detail", pk=action.pk)
    return render(request, "actions/progress.html", {"action": action, "form": form})


def _simple(request, pk, *, allowed, form_factory, call, template, success, heading, button):
    action = _action_for(request, pk)
    if not allowed(request.membership, action):
        raise PermissionDenied
    form = form_factory(request.POST or None, initial={"version": action.version, "due_on": action.due_on})
    if request.method == "POST" and form.is_valid() and _run(form, lambda: call(action, form.cleaned_data)):
        messages.success(request, success)
        return redirect("actions:detail", pk=action.pk)
    return render(request, template, {"action": action, "form": form, "heading": heading, "button": button})


@require_capability(Capability.UPDATE_ACTIONS)
def request_sign_off(request, pk: int):
    return _simple(
        request,
        pk,
        allowed=access.can_request_sign_off,
        form_factory=SignOffRequestForm,
        call=lambda action, data: services.sign_off_request(
            actor=request.user, action=action, note=data["note"], expected_version=data["version"]
        ),
        template="actions/reason.html",
        success="The action is marked as completed and waits for the QA officer's sign-off.",
        heading="Mark as completed and ask for sign-off",
        button="Ask for sign-off",
    )


@require_capability(Capability.MANAGE_ACTIONS)
def sign_off(request, pk: int):
    def call(action, data):
        if data["decision"] == "sign_off":
            return services.action_sign_off(
                actor=request.user, action=action, impact=data["impact"], expected_version=data["version"]
            )
        return services.action_send_back(
            actor=request.user, action=action, reason=data["reason"], expected_version=data["version"]
        )

    action = _action_for(request, pk)
    if not access.can_sign_off(request.membership, action):
        messages.error(request, "Only an action awaiting sign-off can be signed off or sent back.")
        return redirect("actions:detail", pk=action.pk)
    form = SignOffForm(request.POST or None, initial={"version": action.version})
    if request.method == "POST" and form.is_valid() and _run(form, lambda: call(action, form.cleaned_data)):
        signed = form.cleaned_data["decision"] == "sign_off"
        messages.success(
            request,
            "The action is signed off and closed." if signed else "The action has been sent back to the agency.",
        )
        return redirect("actions:detail", pk=action.pk)
    today = timezone.localdate()
    return render(
        request,
        "actions/sign_off.html",
        {
            "action": action,
            "form": form,
            "history": presenters.history_table(selectors.history_of(action), can_see_evidence=True),
            "today": today,
        },
    )


@require_capability(Capability.MANAGE_ACTIONS)
def move_due_date(request, pk: int):
    return _simple(
        request,
        pk,
        allowed=access.can_move_due_date,
        form_factory=MoveDueDateForm,
        call=lambda action, data: services.action_move_due_date(
            actor=request.user,
            action=action,
            due_on=data["due_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        template="actions/reason.html",
        success="The due date has been moved. The original date stays on the action.",
        heading="Move the due date",
        button="Move the due date",
    )


def _reason_form(label, message):
    return lambda data=None, initial=None: ReasonForm(data, initial=initial, label=label, required_message=message)


@require_capability(Capability.MANAGE_ACTIONS)
def change_owner(request, pk: int):
    action = _action_for(request, pk)
    if not access.can_change_owner(request.membership, action):
        raise PermissionDenied
    people = selectors.owner_choices(request.partnership.pk)
    form = OwnerForm(request.POST or None, people=people, initial={"version": action.version, "owner": action.owner_id})

    def call():
        chosen = form.people[form.cleaned_data["owner"]]
        return services.action_change_owner(
            actor=request.user,
            action=action,
            owner_agency=chosen.agency,
            owner=chosen.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    if request.method == "POST" and form.is_valid() and _run(form, call):
        messages.success(request, "The action has a new owner.")
        return redirect("actions:detail", pk=action.pk)
    return render(request, "actions/change_owner.html", {"action": action, "form": form})


@require_capability(Capability.MANAGE_ACTIONS)
def reopen(request, pk: int):
    return _simple(
        request,
        pk,
        allowed=access.can_reopen,
        form_factory=_reason_form("Why is the action being reopened?", "Enter why the action is being reopened"),
        call=lambda action, data: services.action_reopen(
            actor=request.user, action=action, reason=data["reason"], expected_version=data["version"]
        ),
        template="actions/reason.html",
        success="The action has been reopened.",
        heading="Reopen the action",
        button="Reopen",
    )


@require_capability(Capability.MANAGE_ACTIONS)
def cancel(request, pk: int):
    return _simple(
        request,
        pk,
        allowed=access.can_cancel,
        form_factory=_reason_form("Why is the action being cancelled?", "Enter why the action is being cancelled"),
        call=lambda action, data: services.action_cancel(
            actor=request.user, action=action, reason=data["reason"], expected_version=data["version"]
        ),
        template="actions/reason.html",
        success="The action has been cancelled. It stays in the plan's history.",
        heading="Cancel the action",
        button="Cancel the action",
    )


@require_capability(Capability.VIEW_ACTIONS)
def evidence_file(request, pk: int):
    item = get_object_or_404(selectors.evidence_for(request.membership, pk), pk=pk)
    if not access.can_see_evidence(request.membership, item.event.action):
        raise PermissionDenied
    record(
        actor=request.user,
        action="action_evidence.downloaded",
        partnership=request.partnership,
        target=item.event.action,
        changes={"evidence": item.pk, "size": item.size},
    )
    response = HttpResponse(evidence.unseal(item.content), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.filename.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# Raising ---------------------------------------------------------------------------------


def _raise_page(request, *, heading: str, source_rows: list, audit=None, initial_themes=(), call):
    partnership_id = request.partnership.pk
    today = timezone.localdate()
    people = selectors.owner_choices(partnership_id)
    form = ActionForm(
        request.POST or None,
        agencies=selectors.active_agencies(partnership_id),
        people=people,
        audits=[audit] if audit is not None else selectors.partnership_audits(partnership_id),
        today=today,
        themes=selectors.theme_choices(partnership_id),
        initial={"audit": audit.pk if audit else None, "themes": initial_themes},
    )
    if audit is not None:
        form.fields["audit"].required = True
        form.fields["audit"].choices = [(audit.pk, audit.title)]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people_by_user = {m.user_id: m for m in people}
        fields = {
            "title": data["title"],
            "text": data["text"],
            "measure": data["measure"],
            "owner_agency": people_by_user[data["owner"]].agency,  # the form checked it is the one chosen
            "owner": people_by_user[data["owner"]].user,
            "due_on": data["due_on"],
            "priority": data["priority"],
            "themes": selectors.themes_by_pk(partnership_id, data["themes"]),
        }
        action = _run(form, lambda: call(fields, data))
        if action is not None:
            messages.success(request, f"Action {action.reference} has been raised.")
            return redirect("actions:detail", pk=action.pk)
    return render(
        request, "actions/raise.html", {"form": form, "heading": heading, "source_rows": source_rows, "audit": audit}
    )


@require_capability(Capability.MANAGE_ACTIONS)
def raise_standing(request):
    def call(fields, data):
        audit = None
        if data.get("audit"):
            audit = get_object_or_404(selectors.partnership_audits_qs(request.partnership.pk), pk=data["audit"])
        return services.action_raise(actor=request.user, partnership=request.partnership, audit=audit, **fields)

    return _raise_page(request, heading="Raise an action by hand", source_rows=[], call=call)


@require_capability(Capability.MANAGE_ACTIONS)
def raise_from_recommendation(request, pk: int):
    recommendation = get_object_or_404(links.confirmed_recommendations(request.partnership.pk), pk=pk)
    return _raise_page(
        request,
        heading="Raise an action from a recommendation",
        source_rows=links.recommendation_rows(recommendation),
        audit=recommendation.audit,
        initial_themes=[t.pk for t in recommendation.themes.all()],
        call=lambda fields, data: services.action_raise_from_recommendation(
            actor=request.user, recommendation=recommendation, **fields
        ),
    )


@require_capability(Capability.MANAGE_ACTIONS)
def raise_from_finding(request, pk: int):
    finding = get_object_or_404(links.current_findings(request.partnership.pk), pk=pk)
    return _raise_page(
        request,
        heading="Raise an action from a finding",
        source_rows=links.finding_rows(finding),
        audit=finding.audit,
        initial_themes=[t.pk for t in finding.themes.all()],
        call=lambda fields, data: services.action_raise_from_finding(actor=request.user, finding=finding, **fields),
    )
