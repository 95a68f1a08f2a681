"""Reminding agencies about outstanding returns: automatically, a set number
of days before and after the deadline (a daily job), or by hand. Every
reminder is logged and sent as e-mail through the background task queue."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.audit_trail.services import record
from maca.core.presenters import counted
from maca.notifications.services import send_email
from maca.partnerships.models import Agency
from maca.programme.models import Audit, Stage
from maca.returns.models import RESPONDED_STATUSES, Reminder, ReminderKind, Return


def recipients_for(partnership_id: int, agency: Agency) -> list[Membership]:
    """The agency's leads; for a sub-unit without a lead of its own (a GP
    practice), the leads of the agency above it."""
    current = agency
    while current is not None:
        leads = list(
            Membership.objects.filter(
                partnership_id=partnership_id, agency=current, role=Role.AGENCY_LEAD, is_active=True
            ).select_related("user")
        )
        if leads:
            return leads
        current = current.parent
    return []


def outstanding_by_agency(audit: Audit) -> Counter:
    """Live returns not yet submitted, per agency id."""
    rows = (
        Return.objects.live()
        .filter(audit=audit)
        .exclude(status__in=RESPONDED_STATUSES)
        .values_list("agency_id", flat=True)
    )
    return Counter(rows)


def _send(*, audit: Audit, agency: Agency, kind: str, due_on: dt.date, outstanding: int, actor) -> Reminder | None:
    people = recipients_for(audit.partnership_id, agency)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                partnership_id=audit.partnership_id,
                audit=audit,
                agency=agency,
                kind=kind,
                due_on=due_on,
                outstanding=outstanding,
                recipients=[m.user.email for m in people],
                sent_by=actor,
            )
            if people:
                send_email(
                    to=[m.user.email for m in people],
                    subject=f"Reminder: {outstanding} return{'s' if outstanding != 1 else ''} outstanding for "
                    f"‘{audit.title}’",
                    template="returns/email/reminder.txt",
                    context={"audit": audit, "agency": agency, "outstanding": outstanding, "kind": kind},
                    kind="reminder",
                    partnership=audit.partnership,
                    about=reminder,
                )
            record(
                actor=actor,
                action=f"reminder.{kind}",
                partnership=audit.partnership,
                target=reminder,
                changes={"agency": agency.name, "outstanding": outstanding, "recipients": len(people)},
            )
    except IntegrityError:
        return None  # already sent today: automatic reminders go once per due day
    return reminder


def reminder_send_manual(*, actor, audit: Audit, agency: Agency, today: dt.date) -> Reminder:
    """The QA officer reminds one agency now: its own outstanding returns and its
    sub-units' (the tracking page groups GP practices under their care board)."""
    from maca.partnerships.selectors import descendant_ids

    counts = outstanding_by_agency(audit)
    outstanding = sum(counts.get(pk, 0) for pk in descendant_ids(audit.partnership_id, agency.pk))
    if audit.stage not in (Stage.AUDITING, Stage.MEETING):
        raise ValidationError("Reminders are sent while agencies are auditing.")
    if not outstanding:
        raise ValidationError(f"{agency.name} has no outstanding returns.")
    if not recipients_for(audit.partnership_id, agency):
        raise ValidationError(f"{agency.name} has no agency lead to remind. Invite one from People first.")
    return _send(
        audit=audit, agency=agency, kind=ReminderKind.MANUAL, due_on=today, outstanding=outstanding, actor=actor
    )


def due_kind(audit: Audit, today: dt.date) -> str | None:
    deadline = audit.return_deadline
    if deadline is None:
        return None
    if audit.reminder_days_before and today == deadline - dt.timedelta(days=audit.reminder_days_before):
        return ReminderKind.BEFORE
    if audit.reminder_days_after and today == deadline + dt.timedelta(days=audit.reminder_days_after):
        return ReminderKind.AFTER
    return None


def reminders_send_due(*, today: dt.date) -> list[Reminder]:
    """Send today's automatic reminders, across every partnership. Safe to run
    more than once a day: each reminder goes once per due day."""
    sent = []
    audits = Audit.objects.filter(stage=Stage.AUDITING, return_deadline__isnull=False).select_related("partnership")
    for audit in audits:
        kind = due_kind(audit, today)
        if kind is None:
            continue
        outstanding = outstanding_by_agency(audit)
        agencies = Agency.objects.in_bulk(list(outstanding))
        for agency_id, count in sorted(outstanding.items()):
            reminder = _send(
                audit=audit, agency=agencies[agency_id], kind=kind, due_on=today, outstanding=count, actor=None
            )
            if reminder is not None:
                sent.append(reminder)
    return sent


def scheduled_reminders(day: dt.date) -> str:
    """The scheduler's daily job (``returns.reminders``)."""
    sent = reminders_send_due(today=day)
    return f"{counted(len(sent), 'reminder')} sent to agencies"
