"""Every change to the action plan. Each function is keyword-only, runs in one
transaction, appends to the action's history (:class:`ActionEvent`) and writes
the audit log in the same transaction. Nothing is deleted: an action is
cancelled with a reason, a closed one reopened with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.actions import evidence as evidence_files
from maca.actions.dates import next_working_day
from maca.actions.models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionStatus,
    EventKind,
    Evidence,
    Priority,
    Source,
)
from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.presenters import short_date


def _event(action: Action, kind: str, *, actor, on: dt.date, note: str = "", to_status: str = "", **extra):
    return ActionEvent.objects.create(
        partnership_id=action.partnership_id,
        action=action,
        kind=kind,
        on=on,
        note=note,
        from_status=action.status if to_status else "",
        to_status=to_status,
        actor=actor,
        **extra,
    )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


# Raising ----------------------------------------------------------------------------------


# Called with (action, links) after an action is raised, where ``links`` are what
# it was raised from; apps above (none yet) or this app's own modules join here.
_on_raised: list[Callable] = []


def action_raise(
    *,
    actor,
    partnership,
    title: str,
    text: str,
    measure: str,
    owner_agency,
    owner,
    due_on: dt.date,
    priority: str = Priority.MEDIUM,
    source: str = Source.STANDING,
    audit=None,
    links: dict | None = None,
    today: dt.date | None = None,
) -> Action:
    """Raise one action. ``links`` names what it came from (recommendation,
    findings, concern, themes) once the findings app has them."""
    today = _today(today)
    title = _required(title, "Enter a short name for the action.")
    text = _required(text, "Enter what must happen.")
    measure = _required(measure, "Enter how everyone will know it has happened.")
    if owner_agency.partnership_id != partnership.pk:
        raise ValidationError("Choose an agency of this partnership.")
    if audit is not None and audit.partnership_id != partnership.pk:
        raise ValidationError("Choose an audit of this partnership.")
    if due_on < today:
        raise ValidationError("The due date must be today or later.")
    with transaction.atomic():
        last = Action.objects.select_for_update().filter(partnership=partnership).aggregate(n=Max("number"))["n"]
        action = Action.objects.create(
            partnership=partnership,
            number=(last or 0) + 1,
            title=title,
            text=text,
            measure=measure,
            source=source,
            audit=audit,
            owner_agency=owner_agency,
            owner=owner,
            priority=priority,
            raised_on=today,
            raised_by=actor,
            due_on=due_on,
            original_due_on=due_on,
        )
        for hook in _on_raised:
            hook(action, links or {})
        _event(action, EventKind.RAISED, actor=actor, on=today, to_status=ActionStatus.NOT_STARTED)
        record(
            actor=actor,
            action="action.raised",
            partnership=partnership,
            target=action,
            changes={
                "source": source,
                "audit": audit.title if audit else None,
                "owner_agency": owner_agency.name,
                "owner": owner.email,
                "due_on": due_on.isoformat(),
                "priority": priority,
            },
        )
    return action


def urgent_due_on(raised_on: dt.date) -> dt.date:
    """An immediate safeguarding concern's action is due one working day after it is raised."""
    return next_working_day(raised_on)


# Due dates --------------------------------------------------------------------------------


def action_move_due_date(
    *, actor, action: Action, due_on: dt.date, reason: str, expected_version: int, today: dt.date | None = None
) -> Action:
    """Move the due date, with a reason. The original due date stays on the action."""
    today = _today(today)
    reason = _required(reason, "Enter why the due date is moving.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status in FINISHED_STATUSES:
            raise ValidationError("A closed or cancelled action keeps its due date.")
        if due_on == action.due_on:
            raise ValidationError(f"The action is already due on {short_date(due_on)}: enter a different date.")
        if due_on < today:
            raise ValidationError("The new due date must be today or later.")
        old = action.due_on
        _event(action, EventKind.DUE_DATE_MOVED, actor=actor, on=today, note=reason, old_due_on=old, new_due_on=due_on)
        action.due_on = due_on
        bump_version(action)
        action.save()
        record(
            actor=actor,
            action="action.due_date_moved",
            partnership=action.partnership,
            target=action,
            changes={"due_on": [old.isoformat(), due_on.isoformat()], "original_due_on": action.original_due_on},
        )
    return action


# Progress and sign-off --------------------------------------------------------------------


def progress_post(
    *,
    actor,
    action: Action,
    note: str,
    files=(),
    expected_version: int,
    today: dt.date | None = None,
) -> ActionEvent:
    """A dated progress note by the owner agency, with evidence files (checked
    by :func:`maca.actions.evidence.check_file`)."""
    today = _today(today)
    note = _required(note, "Enter what has happened since the last update.")
    if len(files) > evidence_files.MAX_FILES:
        raise ValidationError(f"Attach up to {evidence_files.MAX_FILES} files to one update.")
    checked = [f if isinstance(f, evidence_files.Checked) else evidence_files.check_file(f) for f in files]
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status not in OPEN_STATUSES:
            raise ValidationError("Progress is posted while the action is open.")
        to_status = ActionStatus.IN_PROGRESS if action.status == ActionStatus.NOT_STARTED else ""
        event = _event(action, EventKind.PROGRESS, actor=actor, on=today, note=note, to_status=to_status)
        for item in checked:
            Evidence.objects.create(
                partnership_id=action.partnership_id,
                event=event,
                filename=item.filename,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
                content=evidence_files.seal(item.data),
                uploaded_by=actor,
            )
        if to_status:
            action.status = to_status
        action.last_progress_on = today
        bump_version(action)
        action.save()
        record(
            actor=actor,
            action="action.progress_posted",
            partnership=action.partnership,
            target=action,
            changes={"evidence_files": len(checked), "status": action.status},
        )
    return event


def sign_off_request(
    *, actor, action: Action, note: str, expected_version: int, today: dt.date | None = None
) -> Action:
    """The owner agency says the action is done and asks the QA officer to sign it off."""
    today = _today(today)
    note = _required(note, "Enter what was done, for the QA officer to check.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status not in OPEN_STATUSES:
            raise ValidationError("Only an open action can be put forward for sign-off.")
        _event(
            action,
            EventKind.SIGN_OFF_REQUESTED,
            actor=actor,
            on=today,
            note=note,
            to_status=ActionStatus.AWAITING_SIGN_OFF,
        )
        action.status = ActionStatus.AWAITING_SIGN_OFF
        action.completed_on = today
        bump_version(action)
        action.save()
        record(actor=actor, action="action.sign_off_requested", partnership=action.partnership, target=action)
    return action


def action_sign_off(
    *, actor, action: Action, impact: str, expected_version: int, today: dt.date | None = None
) -> Action:
    """The QA officer closes the action with a statement of its impact."""
    today = _today(today)
    impact = _required(impact, "Enter the statement of impact: what changed for children because of this action.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status != ActionStatus.AWAITING_SIGN_OFF:
            raise ValidationError("Only an action awaiting sign-off can be signed off.")
        _event(action, EventKind.SIGNED_OFF, actor=actor, on=today, note=impact, to_status=ActionStatus.CLOSED)
        action.status = ActionStatus.CLOSED
        action.closed_on = today
        action.impact = impact
        action.signed_off_by = actor
        bump_version(action)
        action.save()
        record(actor=actor, action="action.signed_off", partnership=action.partnership, target=action)
    return action


def action_send_back(
    *, actor, action: Action, reason: str, expected_version: int, today: dt.date | None = None
) -> Action:
    """The QA officer is not satisfied: the action goes back to the owner agency, in progress."""
    today = _today(today)
    reason = _required(reason, "Enter what is still needed before the action can be signed off.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status != ActionStatus.AWAITING_SIGN_OFF:
            raise ValidationError("Only an action awaiting sign-off can be sent back.")
        _event(action, EventKind.SENT_BACK, actor=actor, on=today, note=reason, to_status=ActionStatus.IN_PROGRESS)
        action.status = ActionStatus.IN_PROGRESS
        action.completed_on = None
        bump_version(action)
        action.save()
        record(actor=actor, action="action.sent_back", partnership=action.partnership, target=action)
    return action


def action_reopen(*, actor, action: Action, reason: str, expected_version: int, today: dt.date | None = None) -> Action:
    """Reopen a closed or cancelled action, with a reason. Its statement of
    impact stays in its history; the action counts as open again."""
    today = _today(today)
    reason = _required(reason, "Enter why the action is being reopened.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status not in FINISHED_STATUSES:
            raise ValidationError("Only a closed or cancelled action can be reopened.")
        _event(action, EventKind.REOPENED, actor=actor, on=today, note=reason, to_status=ActionStatus.IN_PROGRESS)
        action.status = ActionStatus.IN_PROGRESS
        action.closed_on = None
        action.completed_on = None
        action.impact = ""
        action.signed_off_by = None
        bump_version(action)
        action.save()
        record(actor=actor, action="action.reopened", partnership=action.partnership, target=action)
    return action


def action_cancel(*, actor, action: Action, reason: str, expected_version: int, today: dt.date | None = None) -> Action:
    """Cancel an action no longer needed (overtaken, duplicated), with a reason."""
    today = _today(today)
    reason = _required(reason, "Enter why the action is being cancelled.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        if action.status in FINISHED_STATUSES:
            raise ValidationError("The action is already closed or cancelled.")
        _event(action, EventKind.CANCELLED, actor=actor, on=today, note=reason, to_status=ActionStatus.CANCELLED)
        action.status = ActionStatus.CANCELLED
        bump_version(action)
        action.save()
        record(actor=actor, action="action.cancelled", partnership=action.partnership, target=action)
    return action
