"""An action's steps: progress (with its evidence uploads), sign-off asked for, signed off or sent
back, due date moved, owner changed, reopened, cancelled."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from maca.accounts.middleware import reads_its_own_post, refused_if_opened_in_another_partnership
from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.actions import access, evidence, presenters, selectors, services
from maca.actions.forms import (
    MoveDueDateForm,
    OwnerForm,
    ProgressForm,
    ReasonForm,
    SignOffForm,
    SignOffRequestForm,
)
from maca.actions.models import FINISHED_STATUSES, OPEN_STATUSES, ActionStatus
from maca.cases.uploads import CaseListUploadHandler
from maca.core.concurrency import EditConflict, changed_on_another_page, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.core.presenters import and_list
from maca.findings.access import concern_opener

from ._shared import _action_for

CONFLICT = (
    "Someone else changed this action while you were editing it, so your changes have not been saved. "
    "What is saved now is shown below: check your answers and save again to keep them."
)
# The person's own save meanwhile, on another page (another tab or window), as an audit's pages say it.
CONFLICT_BY_YOU = (
    f"{changed_on_another_page('this action')}, so your changes on this page have not been saved. "
    "What is saved now is shown below: check your answers and save again to keep them."
)


def _conflict(request, action, version: int) -> str:
    """What an edit conflict says: "you" only when every change to ``action``
    since ``version`` (the page's) was the person's own (ADR 0027)."""
    return CONFLICT_BY_YOU if selectors.action_changed_since_by(action, version) == {request.user.pk} else CONFLICT


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
            message = _conflict(request, current, form.cleaned_data["version"])
            form = typed_again_after_conflict(step.form_factory, request.POST, error, message)
        else:
            # Its status moved on meanwhile: said on the step's field, as before any save.
            form = typed_again_after_conflict(
                step.form_factory, request.POST, error, _moved_on(current, step.so), field=step.field
            )
        return None, form, current, True
    except ValidationError as error:
        apply_validation_error(form, error)
        return None, form, action, False


def _back(request) -> str:
    """The list the action was opened from (``presenters.safe_back``), carried
    through a step's page in its address and its form, so that the action's page
    after the step still leads back to that list; never another site's address."""
    return presenters.safe_back(request.POST.get("back") or request.GET.get("back"))


def _to_action(request, action):
    """Back to the action's page after a step, keeping the list it was opened from."""
    return redirect(presenters.action_href(action.pk, _back(request)))


def _back_context(request, action) -> dict:
    """What a step's page needs to keep the list the action was opened from:
    ``back`` for its form's hidden field, ``action_url`` for its links to the action."""
    back = _back(request)
    return {"back": back, "action_url": presenters.action_href(action.pk, back)}


def _guard(request, action, step: Step):
    """A real permission failure is a 403; an action whose status no longer
    allows the step sends the person back to it, saying why."""
    if not step.may(request.membership, action):
        raise PermissionDenied
    if request.method != "POST" and not step.open_in(action):
        messages.error(request, _moved_on(action, step.so))
        return _to_action(request, action)
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


@csrf_exempt  # checked below, once the upload handler is in place
@reads_its_own_post  # as is the partnership its form was opened in, then the role
def progress(request, pk: int):
    # Evidence stays in memory, never in a temporary file (maca.cases.uploads).
    request.upload_handlers = [CaseListUploadHandler(request, limit=evidence.max_bytes())]
    return _progress(request, pk)


def _files_not_kept(names: list[str], action) -> str:
    listed = and_list([f"‘{name}’" for name in names])
    if not _is_open(action):
        return f"{listed} {'has' if len(names) == 1 else 'have'} not been saved either"
    it = "it" if len(names) == 1 else "them"
    return f"Choose {listed} again: files are not kept when the page shows a problem, so attach {it} again"


@csrf_protect
@refused_if_opened_in_another_partnership
@require_capability(Capability.UPDATE_ACTIONS)  # after: a page left open says so, even to a role that may not
def _progress(request, pk: int):
    action = _action_for(request, pk)
    step = Step(
        may=access.can_update,
        open_in=_is_open,
        so="updates can no longer be posted",
        field="note",
        form_factory=lambda data=None, files=None: ProgressForm(data, files),
        call=lambda action, data: services.progress_post(
            actor=request.user,
            action=action,
            note=data["note"],
            files=data["files"],
            submission=data["submission"],
        ),
    )
    if (leave := _guard(request, action, step)) is not None:
        return leave
    form = ProgressForm()
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        # An update only adds to the history: it is never refused for a stale
        # version, so two people posting at once both succeed.
        try:
            done, form, action, _conflict = _submit(request, action, step, form)
        except services.AlreadyPosted:
            # The button pressed twice, or the browser sending the page again.
            messages.success(request, "Your progress update has been added. It was added once, not twice.")
            return _to_action(request, action)
        if done is not None:
            messages.success(request, "Your progress update has been added.")
            return _to_action(request, action)
        # Files the form refused have their own error (the kind of file, its
        # size): only the others are asked for again.
        refused = set(getattr(form.fields["files"], "refused", ()))
        names = [upload.name for upload in request.FILES.getlist("files") if upload.name not in refused]
        if names:
            form.add_error("files", _files_not_kept(names, action))
    return render(
        request,
        "actions/progress.html",
        {"action": action, "form": form, "closed": not _is_open(action), **_back_context(request, action)},
    )


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
            return _to_action(request, action)
    extra = context(action) if context else {}
    saved_now = presenters.saved_now(action) if conflict else None
    shown = {
        "action": action,
        "form": form,
        "saved_now": saved_now,
        "still_open": step.open_in(action),
        **_back_context(request, action),
        **extra,
    }
    return render(request, template, shown)


def _reason_page(request, pk, step: Step, *, heading: str, button: str, success: str, initial=None, context=None):
    return _step_page(
        request,
        pk,
        step,
        initial=initial or (lambda action: {}),
        template="actions/reason.html",
        context=lambda action: {"heading": heading, "button": button, **(context(action) if context else {})},
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
        success="The action is marked as completed and waits for the QA officer’s sign-off.",
        # What the QA officer said was still needed, if they sent it back since it was last put forward.
        context=lambda action: {"sent_back": presenters.sent_back_note(selectors.last_send_back(action))},
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
            # An urgent action: what the agency is doing is read on its concern, as the history says.
            "concern_opens": action.concern_id is not None and concern_opener(request.membership)(action.concern),
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
    today = timezone.localdate()
    step = Step(
        may=_may_manage,
        open_in=_not_finished,
        so="its due date can no longer be moved",
        field="due_on",
        form_factory=lambda data=None, initial=None: MoveDueDateForm(
            data, initial=initial, current_due_on=due_now, today=today
        ),
        call=lambda action, data: services.action_move_due_date(
            actor=request.user,
            action=action,
            due_on=data["due_on"],
            reason=data["reason"],
            expected_version=data["version"],
            today=today,
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
        # "Due 3 March 2027 (was 3 February 2027)", as every other page says it.
        context=lambda action: {"due_now": presenters.due_text(action)},
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
        # Nobody of the owner agency to choose (an urgent action held by the QA officer, as
        # its agency had no lead who could act): the page says so, rather than leave them looking.
        context=lambda action: {
            "nobody_at_agency": not any(m.agency_id == action.owner_agency_id for m in people),
        },
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
        success="The action has been cancelled. It stays in the plan’s history.",
    )
