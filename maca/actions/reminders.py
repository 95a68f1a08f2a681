"""Reminders about actions, sent by the scheduler's daily job
(``actions.reminders``, registered in ``ActionsConfig.ready``):

- to an action's named owner :data:`DAYS_BEFORE` days before its due date;
- to the owner when it is overdue (from the day after its due date), and again
  every :data:`OVERDUE_EVERY` days while it stays overdue (a missed day is
  caught up: the rule is "none sent for a day within seven days of this one",
  before or after it, as caught-up or rerun days may run out of order);
- to the partnership's QA officers, every Monday, a digest: what waits for
  their sign-off, what is overdue and what falls due in the next four weeks.

Each send is an :class:`ActionReminder` row (who, what, for which day) and an
entry in the audit log; the row's key makes each go once, so the job can run
twice for a day. Only open actions are reminded about (not those awaiting
sign-off, closed or cancelled), and only an owner who can still open the
action is e-mailed: someone whose access to the partnership has ended, who
has moved to an agency that does not own it, or whose agency or partnership
was retired, is not (the reminder is kept, sent to nobody, and the action's
page says so; the job's outcome counts them)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.actions.access import agency_ids, can_update, can_view
from maca.actions.models import OPEN_STATUSES, Action, ActionReminder, ActionStatus, ReminderKind
from maca.actions.presenters import held_without_acting, in_quotes
from maca.actions.rag import DUE_SOON_DAYS, overdue_q
from maca.audit_trail.services import record
from maca.core.presenters import counted
from maca.notifications.services import send_email
from maca.partnerships.models import Partnership

DAYS_BEFORE = 7
OVERDUE_EVERY = 7
DIGEST_WEEKDAY = 0  # Monday
# The digest lists at most this many of each kind; its figures count them all.
DIGEST_LISTED = 50
# The kinds the e-mails are kept under ("Action reminder", "Action plan digest" on the E-mails page).
EMAIL_KIND_REMINDER = "action_reminder"
EMAIL_KIND_DIGEST = "action_plan_digest"


def _send(*, partnership, action, kind, key, today, to, subject, template, context) -> ActionReminder | None:
    try:
        with transaction.atomic():
            reminder = ActionReminder.objects.create(
                partnership=partnership, action=action, kind=kind, key=key, sent_for=today, recipients=to
            )
            if to:
                send_email(
                    to=to,
                    subject=subject,
                    template=template,
                    context=context,
                    # The E-mails page names the kind: the QA officers' digest apart from an owner's reminder.
                    kind=EMAIL_KIND_DIGEST if kind == ReminderKind.DIGEST else EMAIL_KIND_REMINDER,
                    partnership=partnership,
                    about=reminder,
                )
            record(
                actor=None,
                action=f"action_reminder.{kind}",
                partnership=partnership,
                target=action or reminder,
                changes={"recipients": len(to), "for": today.isoformat()},
                actor_label="maca (scheduled)",
            )
    except IntegrityError:
        return None  # already sent for this day (or week)
    return reminder


def owner_reminders_due(today: dt.date):
    """Open actions whose owner is reminded today, across partnerships."""
    before = Action.objects.filter(status__in=OPEN_STATUSES, due_on=today + dt.timedelta(days=DAYS_BEFORE))
    overdue = Action.objects.filter(overdue_q(today))
    return before, overdue


def owner_can_open(action: Action, *, known: dict | None = None) -> bool:
    """Whether the action's named owner can still open it: a membership that
    can act (``User.active_memberships``, built on
    ``Membership.objects.able_to_act``: an active account, of an active
    partnership, and for a lead or auditor, of an agency still active) that
    sees the action. An owner who left, moved to another agency or whose
    agency was retired cannot. ``known`` keeps each owner's memberships for
    one run of the job, so a person reminded about many actions is read once."""
    known = {} if known is None else known
    return any(can_view(membership, action, scope=scope) for membership, scope in _memberships_of_owner(action, known))


def _memberships_of_owner(action: Action, known: dict) -> list:
    owner = action.owner
    key = (owner.pk, action.partnership_id)
    if key not in known:
        known[key] = [
            (membership, agency_ids(membership))
            for membership in owner.active_memberships().filter(partnership_id=action.partnership_id)
        ]
    return known[key]


def owner_can_move_it_on(action: Action, *, known: dict) -> bool:
    """Whether the owner can post progress on the action themselves: a QA
    officer who holds an urgent action (its agency had no lead who could act
    when the concern was raised) cannot, and is asked to give it to someone
    at the agency instead."""
    return any(can_update(membership, action) for membership, _scope in _memberships_of_owner(action, known))


def _owner_mail(action: Action, kind: str, today: dt.date, *, known: dict) -> ActionReminder | None:
    can_move_it_on = owner_can_move_it_on(action, known=known)
    if kind == ReminderKind.DUE_SOON:
        subject = f"Action {action.reference} is due on {action.due_on:%-d %B %Y}"
    else:
        days = (today - action.due_on).days
        subject = f"Action {action.reference} is overdue by {days} day{'s' if days != 1 else ''}"
    return _send(
        partnership=action.partnership,
        action=action,
        kind=kind,
        key=f"{action.pk}:{kind}:{today.isoformat()}",
        today=today,
        to=[action.owner.email] if owner_can_open(action, known=known) else [],
        subject=subject,
        template="actions/email/owner_reminder.txt",
        context={
            "action": action,
            "title_in_quotes": in_quotes(action.title),
            "kind": kind,
            "today": today,
            "days_late": (today - action.due_on).days,
            "can_move_it_on": can_move_it_on,
            # Said as the action's page says it (only then: it names the agency).
            "held_without_acting": "" if can_move_it_on else held_without_acting(action),
        },
    )


def _recent_overdue(today: dt.date):
    """The overdue reminders that make another for ``today`` one too many: those
    sent for a day less than :data:`OVERDUE_EVERY` days before or after it. After
    too, as days do not always run in order: two workers catching up missed days
    at once, a day retried after its worker stopped, or rerun after the next."""
    every = dt.timedelta(days=OVERDUE_EVERY)
    return ActionReminder.objects.filter(
        kind=ReminderKind.OVERDUE, sent_for__gt=today - every, sent_for__lt=today + every
    )


def _overdue_mail(action: Action, today: dt.date, *, known: dict) -> ActionReminder | None:
    with transaction.atomic():
        # One day's run at a time per action: another day's, running at once, waits
        # here and then sees the reminder this one sent. Without the row's key, so
        # that rows naming the action are still added meanwhile.
        list(Action.objects.select_for_update(no_key=True).filter(pk=action.pk))
        if _recent_overdue(today).filter(action=action).exists():
            return None
        return _owner_mail(action, ReminderKind.OVERDUE, today, known=known)


def qa_officers(partnership_id: int) -> list[str]:
    """The digest's recipients: the QA officers who can act on it
    (``Membership.objects.able_to_act``)."""
    return list(
        Membership.objects.able_to_act()
        .filter(partnership_id=partnership_id, role=Role.QA_OFFICER)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def digest_send(*, partnership, today: dt.date) -> ActionReminder | None:
    actions = Action.objects.filter(partnership=partnership)
    awaiting_qs = (
        actions.filter(status=ActionStatus.AWAITING_SIGN_OFF)
        .select_related("owner_agency__parent")
        .order_by("completed_on", "number")
    )
    overdue_qs = actions.filter(overdue_q(today)).select_related("owner_agency__parent").order_by("due_on")
    awaiting_count, overdue_count = awaiting_qs.count(), overdue_qs.count()
    awaiting, overdue = list(awaiting_qs[:DIGEST_LISTED]), list(overdue_qs[:DIGEST_LISTED])
    soon = actions.filter(
        status__in=OPEN_STATUSES, due_on__gte=today, due_on__lt=today + dt.timedelta(days=DUE_SOON_DAYS)
    ).count()
    year, week, _ = today.isocalendar()
    return _send(
        partnership=partnership,
        action=None,
        kind=ReminderKind.DIGEST,
        key=f"digest:{year}-W{week:02d}",
        today=today,
        to=qa_officers(partnership.pk),
        subject=f"Action plan this week: {awaiting_count} to sign off, {overdue_count} overdue",
        template="actions/email/digest.txt",
        context={
            "awaiting": awaiting,
            "overdue": overdue,
            "awaiting_count": awaiting_count,
            "overdue_count": overdue_count,
            "soon": soon,
            "today": today,
            "partnership": partnership,
        },
    )


def reminders_send_due(*, today: dt.date) -> list[ActionReminder]:
    """Today's reminders, across every partnership. Safe to run twice."""
    sent = []
    known = {}  # each owner's memberships, read once for the run
    before, overdue = owner_reminders_due(today)
    for action in before.select_related("partnership", "owner"):
        sent.append(_owner_mail(action, ReminderKind.DUE_SOON, today, known=known))
    # Overdue: at once, then again once no overdue reminder has gone for OVERDUE_EVERY days.
    recent = set(_recent_overdue(today).values_list("action_id", flat=True))
    for action in overdue.exclude(pk__in=recent).select_related("partnership", "owner"):
        sent.append(_overdue_mail(action, today, known=known))
    if today.weekday() == DIGEST_WEEKDAY:
        with_actions = Action.objects.values("partnership_id").distinct()
        for partnership in Partnership.objects.filter(pk__in=with_actions):
            sent.append(digest_send(partnership=partnership, today=today))
    return [r for r in sent if r is not None]


def scheduled_reminders(day: dt.date) -> str:
    """The scheduler's daily job (``actions.reminders``)."""
    sent = reminders_send_due(today=day)
    # A reminder with nobody to e-mail (the owner's access ended, no QA officer) is logged, not sent.
    # The QA officers' digest is counted apart from the owners' reminders, as the E-mails page tells them apart.
    reached = sum(1 for reminder in sent if reminder.recipients and reminder.action_id)
    digests = sum(1 for reminder in sent if reminder.recipients and not reminder.action_id)
    sent_said = [counted(reached, "action reminder")] if reached or not digests else []
    sent_said += [counted(digests, "weekly digest")] if digests else []
    outcome = f"{' and '.join(sent_said)} sent"
    nobody_actions = sum(1 for reminder in sent if not reminder.recipients and reminder.action_id)
    nobody_digests = sum(1 for reminder in sent if not reminder.recipients and not reminder.action_id)
    if nobody_actions:
        outcome += f"; {counted(nobody_actions, 'action')} had nobody to e-mail"
    if nobody_digests:
        outcome += f"; {counted(nobody_digests, 'weekly digest')} had nobody to e-mail"
    return outcome
