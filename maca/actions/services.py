"""Every change to the action plan. Each function is keyword-only, runs in one
transaction, appends to the action's history (:class:`ActionEvent`) and writes
the audit log in the same transaction. Nothing is deleted: an action is
cancelled with a reason, a closed one reopened with a reason."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.accounts.models import Membership
from maca.accounts.roles import AGENCY_ROLES, Role
from maca.actions import evidence as evidence_files
from maca.actions.models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionFinding,
    ActionStatus,
    ActionTheme,
    EventKind,
    Evidence,
    Priority,
    Source,
)
from maca.actions.presenters import PAST_DUE_DATE_MESSAGE, same_due_date_message
from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.submissions import made_from, submission_key
from maca.findings.models import Polarity
from maca.findings.services.concerns import concern_respond_by
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name


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


def _check_owner(*, partnership_id: int, owner_agency, owner) -> None:
    """An action is owned by an active agency of its partnership and by one of
    its people who can still sign in and open it: a lead or auditor of that
    agency who can act (``Membership.objects.able_to_act``), as the forms offer
    (``selectors.owner_choices``). Refused on the field, as the form's own
    messages are (no full stop, as GOV.UK error messages).

    Called inside the transaction that saves the owner (after the action's own
    row, which no deactivation locks), it locks what it reads: the agency's
    row, then the owner's memberships of it, in the order an agency's
    deactivation takes them
    (``partnerships.services.agency_set_active`` locks the agency, then
    ``accounts.services.agency_access_end`` its memberships; ending one
    membership locks that membership alone). So a deactivation or an ending
    of access either commits first, and is seen here, or waits until the
    action is saved: an action is never given to someone who could not sign
    in when it was saved. Locked without their keys (``no_key``): rows that
    name the agency or the membership are still written meanwhile."""
    agency = (
        Agency.objects.select_for_update(no_key=True).filter(partnership_id=partnership_id, pk=owner_agency.pk).first()
    )
    if agency is None or not agency.is_active:
        raise ValidationError(
            {"owner_agency": f"{agency_name(owner_agency)} is no longer an active agency: select another agency"}
        )
    able = (
        Membership.objects.able_to_act()
        # Only the membership rows: not the person's, partnership's or agency's joined to check them.
        .select_for_update(no_key=True, of=("self",))
        .filter(partnership_id=partnership_id, user_id=owner.pk, role__in=AGENCY_ROLES, agency_id=agency.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not list(able):
        who = f"{owner.full_name} is not an active lead or auditor of {agency_name(owner_agency)}"
        raise ValidationError({"owner": f"{who}: select someone who is"})


def _contents(*, title, text, measure, owner_agency, owner, due_on, priority, audit, themes) -> dict:
    """Everything the raise form sends that makes up the action: the same page
    sent with any of it changed is another action."""
    return {
        "title": title,
        "text": text,
        "measure": measure,
        "owner_agency": owner_agency.pk,
        "owner": owner.pk,
        "due_on": due_on.isoformat(),
        "priority": str(priority),
        "audit": audit.pk if audit is not None else None,
        "themes": sorted({theme.pk for theme in themes}),
    }


class AlreadyRaised(Exception):
    """The raise form was sent again (a second press of its button, or the
    browser sending it again): ``action`` is the one its first press raised."""

    def __init__(self, action: Action):
        super().__init__(f"Action {action.reference} was raised from this form already.")
        self.action = action


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
    recommendation=None,
    findings=(),
    themes=(),
    concern=None,
    today: dt.date | None = None,
    submission=None,
) -> Action:
    """Raise one action: by hand (a standing action), or from a confirmed
    recommendation, a finding or an immediate concern (see the functions below).
    ``submission`` identifies the form it was raised from: the same form sent
    again raises nothing and says which action it raised (``AlreadyRaised``)."""
    today = _today(today)
    title = _required(title, "Enter a short name for the action.")
    text = _required(text, "Enter what must happen.")
    measure = _required(measure, "Enter how everyone will know it has happened.")
    for record_, what in [(owner_agency, "an agency"), (audit, "an audit"), (recommendation, "a recommendation")]:
        if record_ is not None and record_.partnership_id != partnership.pk:
            raise ValidationError(f"Choose {what} of this partnership.")
    if any(item.partnership_id != partnership.pk for item in [*findings, *themes]):
        raise ValidationError("Choose findings and themes of this partnership.")
    if due_on < today:
        raise ValidationError({"due_on": "The due date must be today or in the future"})
    with transaction.atomic():
        if concern is None:
            # An immediate concern's action is raised as the concern is saved, owned by
            # ``concern_owner``'s choice: refusing it would lose the concern itself.
            _check_owner(partnership_id=partnership.pk, owner_agency=owner_agency, owner=owner)
        # Numbers are given one at a time per partnership: its row is the lock, taken
        # after the owner's (as a deactivation takes the agency's before it writes to
        # the partnership's log), and without its key, so that the partnership's log
        # and everything else naming it is still written meanwhile.
        type(partnership).objects.select_for_update(no_key=True).filter(pk=partnership.pk).first()
        if submission is not None:
            # Before anything is written: a second send lands on what the first raised.
            submission = submission_key(
                submission,
                _contents(
                    title=title,
                    text=text,
                    measure=measure,
                    owner_agency=owner_agency,
                    owner=owner,
                    due_on=due_on,
                    priority=priority,
                    audit=audit,
                    themes=themes,
                ),
            )
            earlier = made_from(Action, partnership_id=partnership.pk, key=submission)
            if earlier is not None:
                raise AlreadyRaised(earlier)
        last = Action.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"]
        action = Action.objects.create(
            partnership=partnership,
            number=(last or 0) + 1,
            title=title,
            text=text,
            measure=measure,
            source=source,
            audit=audit,
            recommendation=recommendation,
            concern=concern,
            owner_agency=owner_agency,
            owner=owner,
            priority=priority,
            raised_on=today,
            raised_by=actor,
            submission=submission,
            due_on=due_on,
            original_due_on=due_on,
        )
        ActionFinding.objects.bulk_create(
            ActionFinding(partnership=partnership, action=action, finding=f) for f in dict.fromkeys(findings)
        )
        ActionTheme.objects.bulk_create(
            ActionTheme(partnership=partnership, action=action, theme=t) for t in dict.fromkeys(themes)
        )
        _event(action, EventKind.RAISED, actor=actor, on=today, to_status=ActionStatus.NOT_STARTED)
        record(
            actor=actor,
            action="action.raised",
            partnership=partnership,
            target=action,
            changes={
                "source": source,
                "audit": audit.title if audit else None,
                "recommendation": recommendation.pk if recommendation else None,
                "findings": [f.pk for f in findings],
                "themes": [t.name for t in themes],
                "concern": concern.pk if concern else None,
                "owner_agency": owner_agency.name,
                "owner": owner.email,
                "due_on": due_on.isoformat(),
                "priority": priority,
            },
        )
    return action


def action_raise_from_recommendation(*, actor, recommendation, **fields) -> Action:
    """An action answering a confirmed cross-case recommendation: its audit,
    themes and findings come with it (themes may be narrowed)."""
    from maca.findings.models import Recommendation, RecommendationStatus

    with transaction.atomic():
        # Its row locked, as withdrawing it locks it: never raised from one withdrawn meanwhile
        # (``findings.recommendation_services.recommendation_withdraw`` refuses while an action is open).
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.status != RecommendationStatus.CONFIRMED:
            raise ValidationError("Actions are raised from confirmed recommendations only.")
        fields.setdefault("themes", list(recommendation.themes.all()))
        return action_raise(
            actor=actor,
            partnership=recommendation.audit.partnership,
            source=Source.RECOMMENDATION,
            audit=recommendation.audit,
            recommendation=recommendation,
            findings=list(recommendation.findings.all()),
            **fields,
        )


def action_raise_from_finding(*, actor, finding, **fields) -> Action:
    """An action answering one finding (a concern the meeting agreed)."""
    if finding.is_removed:
        raise ValidationError("That finding has been removed.")
    if finding.polarity != Polarity.CONCERN:
        raise ValidationError("An action can only answer a concern, not a strength.")
    fields.setdefault("themes", list(finding.themes.all()))
    return action_raise(
        actor=actor,
        partnership=finding.audit.partnership,
        source=Source.FINDING,
        audit=finding.audit,
        findings=[finding],
        **fields,
    )


def concern_owner(concern):
    """Who owns a concern's action: the owning agency's lead (or the lead of
    the agency above it, for a GP practice), a lead who can act
    (``Membership.objects.able_to_act``: not of a retired agency or a
    switched-off partnership, nor with an account switched off); failing
    both, whoever raised the concern holds it."""
    agency = concern.agency
    while agency is not None:
        lead = (
            Membership.objects.able_to_act()
            .filter(partnership_id=concern.partnership_id, agency=agency, role=Role.AGENCY_LEAD)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if lead is not None:
            return lead.user
        agency = agency.parent
    return concern.raised_by


def action_raise_for_concern(*, concern, actor=None, today: dt.date | None = None) -> Action:
    """An immediate safeguarding concern becomes an urgent action of the agency
    that must act on it, due one working day after it is raised. Called when
    the concern is saved (``ActionsConfig.ready``); raising twice is refused by
    the one-action-per-concern constraint, so it returns the existing action.

    The action says which case and audit, never what was found: the plan is
    read by the board, and the concern's own page keeps the detail."""
    existing = Action.objects.filter(concern=concern).first()
    if existing is not None:
        return existing
    today = _today(today)
    audit = concern.audit
    return action_raise(
        actor=actor or concern.raised_by,
        partnership=audit.partnership,
        # The audit's title too: "case 3" alone reads as any audit's case 3 on a home page.
        title=f"Act on the immediate concern in case {concern.audit_case.number} of ‘{audit.title}’"[:200],
        text=(
            f"{concern.agency.name} acts at once on the immediate safeguarding concern raised about case "
            f"{concern.audit_case.number} of ‘{audit.title}’, and records what it did."
        ),
        measure="The agency’s lead records the steps taken and the QA officer is satisfied the child is safe.",
        owner_agency=concern.agency,
        owner=concern_owner(concern),
        # The concern's own "respond by" day where findings records one (the same rule), so the two agree.
        due_on=max(getattr(concern, "respond_by", None) or urgent_due_on(today), today),
        priority=Priority.URGENT,
        source=Source.CONCERN,
        audit=audit,
        concern=concern,
        today=today,
    )


# What the urgent action's history says when the agency acknowledges the concern: never the
# agency's own words, which may describe the family (the plan is read by the board).
CONCERN_ACKNOWLEDGED_NOTE = (
    "Acknowledged the immediate concern. What the agency has done or will do is recorded with the concern."
)


def progress_post_for_acknowledged_concern(*, concern, actor, today: dt.date | None = None) -> ActionEvent | None:
    """The agency's acknowledgement of an immediate concern is the first
    progress on its urgent action: a progress update by the person who
    acknowledged it (``progress_post``, so a not-started action moves to 'In
    progress' as with any update), saying where the acknowledgement is rather
    than repeating it. Called as the concern is acknowledged
    (``ActionsConfig.ready``). Nothing is posted where the concern has no
    action or its action is no longer open (cancelled, closed, awaiting
    sign-off): the acknowledgement stands on the concern."""
    # Locked before its status is read: a move to sign-off meanwhile cannot slip between.
    action = Action.objects.select_for_update().filter(concern=concern).first()
    if action is None or action.status not in OPEN_STATUSES:
        return None
    return progress_post(actor=actor, action=action, note=CONCERN_ACKNOWLEDGED_NOTE, today=today)


def urgent_due_on(raised_on: dt.date) -> dt.date:
    """An immediate safeguarding concern's action is due when the agency must
    act on the concern: the rule is the concern's (``concern_respond_by``)."""
    return concern_respond_by(raised_on)


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
        # On the field, as the form's own messages are (no full stop, as GOV.UK error messages).
        if due_on == action.due_on:
            raise ValidationError({"due_on": same_due_date_message(due_on)})
        if due_on < today:
            raise ValidationError({"due_on": PAST_DUE_DATE_MESSAGE})
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


class AlreadyPosted(Exception):
    """The progress form was sent again (a second press of its button, or the
    browser sending it again): ``event`` is the update its first send posted."""

    def __init__(self, event: ActionEvent):
        super().__init__(f"This progress update on action {event.action.reference} was posted already.")
        self.event = event


def progress_post(
    *,
    actor,
    action: Action,
    note: str,
    files=(),
    expected_version: int | None = None,
    today: dt.date | None = None,
    submission: uuid.UUID | None = None,
) -> ActionEvent:
    """A dated progress note by the owner agency, with evidence files (checked
    by :func:`maca.actions.evidence.check_file`).

    An update only adds to the history, so it is never refused because someone
    else changed the action meanwhile: ``expected_version`` is not checked
    (two people posting updates at once both succeed). The action must still
    be open when the update is saved.

    ``submission`` identifies the page it was posted from: that page sent again
    with the same note and files posts nothing and says which update it posted
    (``AlreadyPosted``). Another page, or the same page with anything changed
    (after the browser's Back button), is another update."""
    today = _today(today)
    note = _required(note, "Enter what has happened since the last update.")
    if len(files) > evidence_files.MAX_FILES:
        raise ValidationError(f"Attach up to {evidence_files.MAX_FILES} files to one update.")
    checked = [f if isinstance(f, evidence_files.Checked) else evidence_files.check_file(f) for f in files]
    with transaction.atomic():
        # The action's row is the lock: two sends of one page are taken one after the other.
        action = lock_for_update(action, expected_version=None)
        if submission is not None:
            submission = submission_key(
                submission, {"action": action.pk, "note": note, "files": [[f.filename, f.sha256] for f in checked]}
            )
            earlier = made_from(ActionEvent, partnership_id=action.partnership_id, key=submission)
            if earlier is not None:
                raise AlreadyPosted(earlier)
        if action.status not in OPEN_STATUSES:
            raise ValidationError("Progress is posted while the action is open.")
        to_status = ActionStatus.IN_PROGRESS if action.status == ActionStatus.NOT_STARTED else ""
        event = _event(
            action, EventKind.PROGRESS, actor=actor, on=today, note=note, to_status=to_status, submission=submission
        )
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


def status_before_cancelling(action: Action) -> str:
    """The status a cancelled action goes back to when reopened: the one it had
    when it was cancelled (its latest cancelling in the history); failing that,
    in progress if progress was ever posted, otherwise not started."""
    before = (
        ActionEvent.objects.filter(action=action, kind=EventKind.CANCELLED)
        .order_by("-occurred_at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    if before in (*OPEN_STATUSES, ActionStatus.AWAITING_SIGN_OFF):
        return before
    return ActionStatus.IN_PROGRESS if action.last_progress_on else ActionStatus.NOT_STARTED


REOPEN_RECOMMENDATION_WITHDRAWN = (
    "The recommendation this action answers has been withdrawn, so the action cannot be reopened. "
    "If the work is still needed, raise a new action"
)


def action_reopen(*, actor, action: Action, reason: str, expected_version: int, today: dt.date | None = None) -> Action:
    """Reopen a closed or cancelled action, with a reason. A closed action goes
    back in progress (its statement of impact stays in its history); a
    cancelled one to the status it had before it was cancelled. Either way it
    counts as open again. Refused when the recommendation it answers has been
    withdrawn: the plan would answer a recommendation the partnership no
    longer makes (``findings.recommendation_services.recommendation_withdraw``
    refuses while one is open, for the same reason)."""
    from maca.findings.models import Recommendation, RecommendationStatus

    today = _today(today)
    reason = _required(reason, "Enter why the action is being reopened.")
    with transaction.atomic():
        if action.recommendation_id:
            # Its recommendation's row first, as raising an action from it and withdrawing it lock it.
            recommendation = Recommendation.objects.select_for_update().get(pk=action.recommendation_id)
            if recommendation.status == RecommendationStatus.WITHDRAWN:
                raise ValidationError(REOPEN_RECOMMENDATION_WITHDRAWN)
        action = lock_for_update(action, expected_version=expected_version)
        if action.status not in FINISHED_STATUSES:
            raise ValidationError("Only a closed or cancelled action can be reopened.")
        if action.status == ActionStatus.CANCELLED:
            to_status = status_before_cancelling(action)
        else:
            to_status = ActionStatus.IN_PROGRESS
        _event(action, EventKind.REOPENED, actor=actor, on=today, note=reason, to_status=to_status)
        action.status = to_status
        action.closed_on = None
        if to_status != ActionStatus.AWAITING_SIGN_OFF:
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


def action_change_owner(
    *, actor, action: Action, owner_agency, owner, reason: str, expected_version: int, today: dt.date | None = None
) -> Action:
    """Hand an action to another owner (someone left, or another agency is
    better placed), with a reason; the history keeps who held it before."""
    today = _today(today)
    reason = _required(reason, "Enter why the action is changing hands.")
    if owner_agency.partnership_id != action.partnership_id:
        raise ValidationError("Choose an agency of this partnership.")
    with transaction.atomic():
        action = lock_for_update(action, expected_version=expected_version)
        _check_owner(partnership_id=action.partnership_id, owner_agency=owner_agency, owner=owner)
        if action.status in FINISHED_STATUSES:
            raise ValidationError("A closed or cancelled action keeps its owner.")
        if owner.pk == action.owner_id and owner_agency.pk == action.owner_agency_id:
            # On the field, as the form's own messages are (no full stop, as GOV.UK error messages).
            raise ValidationError(
                {"owner": f"{owner.full_name} of {agency_name(owner_agency)} owns the action now: choose someone else"}
            )
        before = f"{action.owner.full_name} ({action.owner_agency.name})"
        after = f"{owner.full_name} ({owner_agency.name})"
        # The history says it as the action's page names agencies; the log keeps the names as it always has.
        shown_before = f"{action.owner.full_name} ({agency_name(action.owner_agency)})"
        shown_after = f"{owner.full_name} ({agency_name(owner_agency)})"
        _event(
            action,
            EventKind.OWNER_CHANGED,
            actor=actor,
            on=today,
            note=f"From {shown_before} to {shown_after}: {reason}",
        )
        action.owner, action.owner_agency = owner, owner_agency
        bump_version(action)
        action.save()
        record(
            actor=actor,
            action="action.owner_changed",
            partnership=action.partnership,
            target=action,
            changes={"owner": [before, after]},
        )
    return action
