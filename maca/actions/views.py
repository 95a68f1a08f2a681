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
from maca.actions.models import FINISHED_STATUSES, OPEN_STATUSES, ActionStatus
from maca.audit_trail.services import record
from maca.cases.uploads import CaseListUploadHandler
from maca.core.concurrency import EditConflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.core.exports import attachment_header, check_size, download
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
        },
    )


@require_capability(Capability.UPDATE_ACTIONS)
def mine(request):
    """An agency's own actions: its people's list of what to do."""
    membership = request.membership
    if not access.agency_bound(membership):
        raise Http404("Only an agency's people have an agency's actions")
    return _plan_page(request, template="actions/mine.html", extra={"agency": membership.agency})


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
    table = exports.plan_table(rows, today, exports.themes_by_action(qs))
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
    return {
        "title": f"{request.partnership.name}: action plan",
        "partnership_name": request.partnership.name,
        "intro": f"The action plan as at {presenters.long_date(today)}: each action's owner, its due date "
        "and how it is doing (red, amber, green by the rules in the plan's guidance).",
        "shown": presenters.filters_text(form, filters, scope_agency=_scope_agency(request.membership)),
        "summary": summary,
        "chart": presenters.board_chart(summary),
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


CONFLICT = (
    "Someone else changed this action while you were editing it, so your changes have not been saved. "
    "What is saved now is shown below: check your answers and save again to keep them."
)


def _moved_on(action, so) -> str:
    """Why the form can no longer be saved: the action moved on (``so``: the
    consequence, or a function of the action giving it)."""
    consequence = so(action) if callable(so) else so
    return presenters.status_changed_text(selectors.last_status_change(action), consequence)


class Step:
    """One change to an action made through a form: who may make it (else
    403), in which statuses (else the form says why, keeping what was typed),
    the form, the service call, and the field a status problem is shown on."""

    def __init__(self, *, may, open_in, so, field, form_factory, call):
        self.may, self.open_in, self.so, self.field = may, open_in, so, field
        self.form_factory, self.call = form_factory, call


def _submit(request, action, step: Step, form):
    """Save a bound form through ``step``. Returns ``(saved, form, action,
    conflict)``: the service's answer (``None`` when not saved), and the form
    and action to show again. On an edit conflict the form keeps what the
    person typed, is set to the version saved now (so a second, deliberate
    save goes through) and the action is the one saved now."""
    valid = form.is_valid()
    if not step.open_in(action):
        form.add_error(step.field, _moved_on(action, step.so))
        return None, form, action, False
    if not valid:
        return None, form, action, False
    try:
        return step.call(action, form.cleaned_data), form, action, False
    except EditConflict as error:
        current = error.instance
        if step.open_in(current):
            form = typed_again_after_conflict(step.form_factory, request.POST, error, CONFLICT)
        else:
            # Its status moved on meanwhile: said on the step's field, as before any save.
            form = typed_again_after_conflict(
                step.form_factory, request.POST, error, _moved_on(current, step.so), field=step.field
            )
        return None, form, current, True
    except ValidationError as error:
        apply_validation_error(form, error)
        return None, form, action, False


def _guard(request, action, step: Step):
    """A real permission failure is a 403; an action whose status no longer
    allows the step sends the person back to it, saying why."""
    if not step.may(request.membership, action):
        raise PermissionDenied
    if request.method != "POST" and not step.open_in(action):
        messages.error(request, _moved_on(action, step.so))
        return redirect("actions:detail", pk=action.pk)
    return None


def _is_open(action) -> bool:
    return action.status in OPEN_STATUSES


def _not_finished(action) -> bool:
    return action.status not in FINISHED_STATUSES


def _finished(action) -> bool:
    return action.status in FINISHED_STATUSES


def _awaiting(action) -> bool:
    return action.status == ActionStatus.AWAITING_SIGN_OFF


def _may_manage(membership, action) -> bool:
    return access.can_manage(membership)


@require_capability(Capability.UPDATE_ACTIONS)
@csrf_exempt  # checked below, once the upload handler is in place
def progress(request, pk: int):
    # Evidence stays in memory, never in a temporary file (maca.cases.uploads).
    request.upload_handlers = [CaseListUploadHandler(request, limit=evidence.max_bytes())]
    return _progress(request, pk)


def _files_not_kept(names: list[str], action) -> str:
    listed = presenters.and_list([f"‘{name}’" for name in names])
    if not _is_open(action):
        return f"{listed} {'has' if len(names) == 1 else 'have'} not been saved either"
    it = "it" if len(names) == 1 else "them"
    return f"Choose {listed} again: files are not kept when the page shows a problem, so attach {it} again"


@csrf_protect
def _progress(request, pk: int):
    action = _action_for(request, pk)
    step = Step(
        may=access.can_update,
        open_in=_is_open,
        so="updates can no longer be posted",
        field="note",
        form_factory=lambda data=None, files=None: ProgressForm(data, files),
        call=lambda action, data: services.progress_post(
            actor=request.user, action=action, note=data["note"], files=data["files"]
        ),
    )
    if (leave := _guard(request, action, step)) is not None:
        return leave
    form = ProgressForm()
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        # An update only adds to the history: it is never refused for a stale
        # version, so two people posting at once both succeed.
        done, form, action, _conflict = _submit(request, action, step, form)
        if done is not None:
            messages.success(request, "Your progress update has been added.")
            return redirect("actions:detail", pk=action.pk)
        # Files the form refused have their own error (the kind of file, its
        # size): only the others are asked for again.
        refused = set(getattr(form.fields["files"], "refused", ()))
        names = [upload.name for upload in request.FILES.getlist("files") if upload.name not in refused]
        if names:
            form.add_error("files", _files_not_kept(names, action))
    return render(request, "actions/progress.html", {"action": action, "form": form, "closed": not _is_open(action)})


def _step_page(request, pk, step: Step, *, initial, template: str, context=None, success):
    """A page that changes one action: the form, saving it through ``step``,
    and the page again (with what is saved now, after an edit conflict)."""
    action = _action_for(request, pk)
    if (leave := _guard(request, action, step)) is not None:
        return leave
    form = step.form_factory(None, initial={"version": action.version, **initial(action)})
    conflict = False
    if request.method == "POST":
        done, form, action, conflict = _submit(request, action, step, step.form_factory(request.POST))
        if done is not None:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return redirect("actions:detail", pk=action.pk)
    extra = context(action) if context else {}
    saved_now = presenters.saved_now(action) if conflict else None
    return render(request, template, {"action": action, "form": form, "saved_now": saved_now, **extra})


def _reason_page(request, pk, step: Step, *, heading: str, button: str, success: str, initial=None):
    return _step_page(
        request,
        pk,
        step,
        initial=initial or (lambda action: {}),
        template="actions/reason.html",
        context=lambda action: {"heading": heading, "button": button},
        success=success,
    )


@require_capability(Capability.UPDATE_ACTIONS)
def request_sign_off(request, pk: int):
    step = Step(
        may=access.can_update,
        open_in=_is_open,
        so=lambda action: (
            "it is already waiting for sign-off"
            if action.status == ActionStatus.AWAITING_SIGN_OFF
            else "it can no longer be put forward for sign-off"
        ),
        field="note",
        form_factory=lambda data=None, initial=None: SignOffRequestForm(data, initial=initial),
        call=lambda action, data: services.sign_off_request(
            actor=request.user, action=action, note=data["note"], expected_version=data["version"]
        ),
    )
    return _reason_page(
        request,
        pk,
        step,
        heading="Mark as completed and ask for sign-off",
        button="Ask for sign-off",
        success="The action is marked as completed and waits for the QA officer's sign-off.",
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

    step = Step(
        may=_may_manage,
        open_in=_awaiting,
        so="it is not waiting for sign-off",
        field="decision",
        form_factory=lambda data=None, initial=None: SignOffForm(data, initial=initial),
        call=call,
    )
    return _step_page(
        request,
        pk,
        step,
        initial=lambda action: {},
        template="actions/sign_off.html",
        context=lambda action: {
            "history": presenters.history_table(selectors.history_of(action), can_see_evidence=True),
        },
        success=lambda data: (
            "The action is signed off and closed."
            if data["decision"] == "sign_off"
            else "The action has been sent back to the agency."
        ),
    )


@require_capability(Capability.MANAGE_ACTIONS)
def move_due_date(request, pk: int):
    # The date it is due now, so that the form says at once that a "new" date
    # the same as it is no move (beside any other problem, such as no reason).
    due_now = _action_for(request, pk).due_on
    step = Step(
        may=_may_manage,
        open_in=_not_finished,
        so="its due date can no longer be moved",
        field="due_on",
        form_factory=lambda data=None, initial=None: MoveDueDateForm(data, initial=initial, current_due_on=due_now),
        call=lambda action, data: services.action_move_due_date(
            actor=request.user,
            action=action,
            due_on=data["due_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
    )
    return _reason_page(
        request,
        pk,
        step,
        heading="Move the due date",
        button="Move the due date",
        success="The due date has been moved. The original date stays on the action.",
        initial=lambda action: {"due_on": action.due_on},
    )


def _reason_form(label, message):
    return lambda data=None, initial=None: ReasonForm(data, initial=initial, label=label, required_message=message)


@require_capability(Capability.MANAGE_ACTIONS)
def change_owner(request, pk: int):
    people = selectors.owner_choices(request.partnership.pk)

    def call(action, data):
        chosen = form_people[data["owner"]]
        return services.action_change_owner(
            actor=request.user,
            action=action,
            owner_agency=chosen.agency,
            owner=chosen.user,
            reason=data["reason"],
            expected_version=data["version"],
        )

    form_people = {m.user_id: m for m in people}
    step = Step(
        may=_may_manage,
        open_in=_not_finished,
        so="its owner can no longer be changed",
        field="owner",
        form_factory=lambda data=None, initial=None: OwnerForm(data, people=people, initial=initial),
        call=call,
    )
    return _step_page(
        request,
        pk,
        step,
        initial=lambda action: {"owner": action.owner_id},
        template="actions/change_owner.html",
        success="The action has a new owner.",
    )


@require_capability(Capability.MANAGE_ACTIONS)
def reopen(request, pk: int):
    step = Step(
        may=_may_manage,
        open_in=_finished,
        so="it is open already",
        field="reason",
        form_factory=_reason_form("Why is the action being reopened?", "Enter why the action is being reopened"),
        call=lambda action, data: services.action_reopen(
            actor=request.user, action=action, reason=data["reason"], expected_version=data["version"]
        ),
    )
    return _reason_page(
        request, pk, step, heading="Reopen the action", button="Reopen", success="The action has been reopened."
    )


@require_capability(Capability.MANAGE_ACTIONS)
def cancel(request, pk: int):
    step = Step(
        may=_may_manage,
        open_in=_not_finished,
        so=lambda action: (
            "it is cancelled already" if action.status == ActionStatus.CANCELLED else "it can no longer be cancelled"
        ),
        field="reason",
        form_factory=_reason_form("Why is the action being cancelled?", "Enter why the action is being cancelled"),
        call=lambda action, data: services.action_cancel(
            actor=request.user, action=action, reason=data["reason"], expected_version=data["version"]
        ),
    )
    return _reason_page(
        request,
        pk,
        step,
        heading="Cancel the action",
        button="Cancel the action",
        success="The action has been cancelled. It stays in the plan's history.",
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
    response["Content-Disposition"] = attachment_header(item.filename)
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
        agencies=selectors.owner_agencies(people),
        people=people,
        audits=[audit] if audit is not None else selectors.partnership_audits(partnership_id),
        today=today,
        themes=selectors.theme_choices(partnership_id),
        initial={"audit": audit.pk if audit else None, "themes": initial_themes},
    )
    if audit is not None:
        form.fields["audit"].required = True
        form.fields["audit"].choices = [(audit.pk, audit.title)]
        form.fields["audit"].help_text = ""  # the audit is the source's: no standing action here
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
