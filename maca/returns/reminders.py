"""Reminding agencies about outstanding returns: automatically, a set number
of days before and after the deadline (a daily job), or by hand. Every
reminder is logged and sent as e-mail through the background task queue.

A reminder reaches an agency's leads; a sub-unit without a lead of its own
(a GP practice) is reached through the leads of the agency above it. A lead
gets at most one reminder e-mail a day: the daily job sends each agency's
leads one e-mail covering every audit due a reminder that day and the
agency's sub-units, and no reminder goes to someone already reminded that
day (by hand or by the job), by the day the e-mail is sent in Europe/London
(``Reminder.sent_on``), not the day a reminder was due. See ADR 0008 and
ADR 0012."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.audit_trail.services import record
from maca.core.presenters import counted
from maca.notifications.services import send_email
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.partnerships.services import partnership_hold
from maca.programme.models import Audit, Stage, returns_called
from maca.returns import figures
from maca.returns.models import RESPONDED_STATUSES, Reminder, ReminderKind, Return, sending_day


def recipients_for(partnership_id: int, agency: Agency) -> list[Membership]:
    """The agency's leads who can act (``Membership.objects.able_to_act``:
    not of a switched-off partnership or agency, nor with an account switched
    off); for a sub-unit without a lead of its own (a GP practice), the leads
    of the agency above it."""
    current = agency
    while current is not None:
        leads = list(
            Membership.objects.able_to_act()
            .filter(partnership_id=partnership_id, agency=current, role=Role.AGENCY_LEAD)
            .select_related("user")
        )
        if leads:
            return leads
        current = current.parent
    return []


class Reach:
    """Whom a reminder about each agency reaches, for one partnership: three
    queries, however many agencies, leads and audits."""

    def __init__(self, partnership_id: int):
        self.agencies: dict[int, Agency] = figures.with_parents(
            Agency.objects.filter(partnership_id=partnership_id).in_bulk()
        )
        self.parents = {pk: agency.parent_id for pk, agency in self.agencies.items()}
        self._leads: dict[int, list[Membership]] = defaultdict(list)
        for membership in (
            Membership.objects.able_to_act()
            .filter(partnership_id=partnership_id, role=Role.AGENCY_LEAD, agency__isnull=False)
            .select_related("user")
        ):
            self._leads[membership.agency_id].append(membership)

    def reaching(self, agency_id: int) -> int | None:
        """The agency whose leads a reminder about ``agency_id`` goes to, or
        None when neither it nor any agency above it has a lead."""
        seen = set()
        current: int | None = agency_id
        while current is not None and current not in seen:
            if self._leads.get(current):
                return current
            seen.add(current)
            current = self.parents.get(current)
        return None

    def acts_for_sub_units(self, agency_id: int) -> bool:
        """Whether reminders to ``agency_id``'s leads also count the returns of
        agencies below it that have no lead of their own (a care board's GP
        practices): a sub-unit with its own lead is reminded itself."""
        return any(pk != agency_id and self.reaching(pk) == agency_id for pk in self.agencies)

    def leads(self, agency_id: int) -> list[Membership]:
        return self._leads.get(agency_id, [])

    def top(self, agency_id: int) -> Agency:
        return self.agencies[figures.top_level(agency_id, self.parents)]


@dataclass
class Unreachable:
    """Returns of one audit that no reminder can reach, under the agency at the
    top of their tree (as the response grid groups them)."""

    audit: Audit
    agency: Agency
    outstanding: int


REMINDED_STAGES = (Stage.AUDITING, Stage.MEETING)


def unreachable_for(partnership_id: int, audits) -> list[Unreachable]:
    """The agencies that no reminder can reach, for the audits (of one
    partnership) whose agencies are auditing: a constant number of queries."""
    audits = {audit.pk: audit for audit in audits if audit.stage in REMINDED_STAGES}
    if not audits:
        return []
    rows = (
        Return.objects.live()
        .filter(partnership_id=partnership_id, audit_id__in=list(audits))
        .exclude(status__in=RESPONDED_STATUSES)
        .values_list("audit_id", "agency_id")
    )
    reach = Reach(partnership_id)
    found: Counter = Counter()
    for audit_id, agency_id in rows:
        if reach.reaching(agency_id) is None:
            found[(audit_id, reach.top(agency_id).pk)] += 1
    result = [
        Unreachable(audits[audit_id], reach.agencies[agency_id], count)
        for (audit_id, agency_id), count in found.items()
    ]
    return sorted(result, key=lambda u: (u.audit.title, u.agency.name.casefold()))


def outstanding_by_agency(audit: Audit) -> Counter:
    """Live returns not yet submitted, per agency id."""
    rows = (
        Return.objects.live()
        .filter(audit=audit)
        .exclude(status__in=RESPONDED_STATUSES)
        .values_list("agency_id", flat=True)
    )
    return Counter(rows)


def reminded_today(partnership_id: int, day: dt.date) -> set[str]:
    """The e-mail addresses already sent a reminder on ``day``, the day a
    reminder is being sent (``models.sending_day``): by the day each was sent,
    not the day it was due, so that a daily job that ran after midnight counts
    on the day its e-mails went out (the day's reminders are few)."""
    reminded: set[str] = set()
    for recipients in Reminder.objects.filter(partnership_id=partnership_id, sent_on=day).values_list(
        "recipients", flat=True
    ):
        reminded.update(recipients or [])
    return reminded


def _subject(outstanding: int, audits: list[Audit]) -> str:
    about = f"‘{audits[0].title}’" if len(audits) == 1 else f"{len(audits)} audits"
    # What is outstanding, if the audits' returns are all called the same (a deep dive's: summative reports).
    kind = audits[0].kind if len({returns_called(audit.kind) for audit in audits}) == 1 else ""
    return f"Reminder: {outstanding} {returns_called(kind, outstanding)} outstanding for {about}"


def _record(reminder: Reminder, *, partnership, agency: Agency, outstanding: int, recipients: int, actor) -> None:
    record(
        actor=actor,
        action=f"reminder.{reminder.kind}",
        partnership=partnership,
        target=reminder,
        changes={"agency": agency.name, "outstanding": outstanding, "recipients": recipients},
    )


def reminder_send_manual(*, actor, audit: Audit, agency: Agency, today: dt.date) -> list[Reminder]:
    """The QA officer reminds one agency now: its own outstanding returns and its
    sub-units' (the tracking page groups GP practices under their care board).
    The returns are grouped as the daily job groups them (``Reach.reaching``):
    a sub-unit with a lead of its own is reminded on its own, in an e-mail to
    its own leads; one without, in the agency's. Returns the reminders sent,
    the one to the agency's own leads first."""
    from maca.partnerships.selectors import descendant_ids

    counts = outstanding_by_agency(audit)
    if audit.stage not in REMINDED_STAGES:
        raise ValidationError("Reminders are sent while agencies are auditing.")
    named = agency_name(agency)
    reach = Reach(audit.partnership_id)
    # The agency whose leads are reached (None: nobody) -> outstanding returns.
    by_reach: Counter = Counter()
    for pk in descendant_ids(audit.partnership_id, agency.pk):
        if counts.get(pk):
            by_reach[reach.reaching(pk)] += counts[pk]
    if not by_reach:
        raise ValidationError(f"{named} has no outstanding returns.")
    own = reach.reaching(agency.pk)
    # The agency's own leads first; then each sub-unit with a lead of its own.
    order = sorted(
        (pk for pk in by_reach if pk is not None),
        key=lambda pk: (pk != own, reach.agencies[pk].name.casefold()),
    )
    if not order:
        raise ValidationError(
            f"{named} has no agency lead to remind. A partnership admin can invite one: "
            "the agencies no reminder can reach are listed on this page."
        )
    with transaction.atomic():
        # Who has had a reminder today is read once the lock is held, and the
        # reminders written before it is let go: a second reminder sent at the
        # same moment waits, then finds these.
        partnership_hold(audit.partnership_id)
        day = sending_day()
        already = reminded_today(audit.partnership_id, day)
        sent: list[Reminder] = []
        for reaching in order:
            # Only the leads not yet reminded today: a lead gets at most one a day.
            emails = list(dict.fromkeys(m.user.email for m in reach.leads(reaching) if m.user.email not in already))
            if not emails:
                continue
            already.update(emails)
            about = agency if reaching == own else reach.agencies[reaching]
            sent.append(
                _send_manual(
                    actor=actor,
                    audit=audit,
                    agency=about,
                    outstanding=by_reach[reaching],
                    emails=emails,
                    today=today,
                    sent_on=day,
                )
            )
        if not sent:
            people = [m for reaching in order for m in reach.leads(reaching)]
            whose = f"{named}’s" if order == [own] else f"{named}’s and its sub-units’"
            raise ValidationError(
                f"{whose} {'lead was' if len(people) == 1 else 'leads were'} already sent a reminder today. "
                "A lead gets at most one reminder e-mail a day."
            )
    return sent


def _send_manual(
    *, actor, audit: Audit, agency: Agency, outstanding: int, emails: list[str], today: dt.date, sent_on: dt.date
):
    reminder = Reminder.objects.create(
        partnership_id=audit.partnership_id,
        audit=audit,
        agency=agency,
        kind=ReminderKind.MANUAL,
        due_on=today,
        sent_on=sent_on,
        outstanding=outstanding,
        recipients=emails,
        sent_by=actor,
    )
    send_email(
        to=emails,
        subject=_subject(outstanding, [audit]),
        template="returns/email/reminder.txt",
        context={
            "items": [_item(audit, outstanding, today)],
            "agency": agency,
            "has_sub_units": _has_sub_units(agency),
        },
        kind="reminder",
        partnership=audit.partnership,
        about=reminder,
    )
    _record(
        reminder,
        partnership=audit.partnership,
        agency=agency,
        outstanding=outstanding,
        recipients=len(emails),
        actor=actor,
    )
    return reminder


def _has_sub_units(agency: Agency) -> bool:
    """Whether the e-mail says its figures include the agency's sub-units
    without a lead of their own: never to an agency that has none, nor when
    each of them has a lead (:meth:`Reach.acts_for_sub_units`)."""
    return agency.children.exists() and Reach(agency.partnership_id).acts_for_sub_units(agency.pk)


def _item(audit: Audit, outstanding: int, today: dt.date) -> dict:
    """One audit's line of a reminder e-mail: whether its deadline has passed on
    the day of sending (the one rule, ``Audit.returns_deadline_passed``) chooses
    the words, whatever the reminder's kind."""
    return {
        "audit": audit,
        "outstanding": outstanding,
        "called": returns_called(audit.kind, outstanding),
        "late": audit.returns_deadline_passed(on=today),
    }


def due_kind(audit: Audit, today: dt.date) -> str | None:
    deadline = audit.return_deadline
    if deadline is None:
        return None
    if audit.reminder_days_before and today == deadline - dt.timedelta(days=audit.reminder_days_before):
        return ReminderKind.BEFORE
    if audit.reminder_days_after and today == deadline + dt.timedelta(days=audit.reminder_days_after):
        return ReminderKind.AFTER
    return None


def _create(**fields) -> Reminder | None:
    try:
        with transaction.atomic():
            return Reminder.objects.create(**fields)
    except IntegrityError:
        return None  # already made today: automatic reminders go once per due day


def _send_due_for_partnership(partnership, audits: list[tuple[Audit, str]], *, today: dt.date) -> list[Reminder]:
    reach = Reach(partnership.pk)
    # (audit, the agency whose leads are reached, or the top of the tree when none) -> outstanding
    by_reach: dict[int | None, list[tuple[Audit, str, int, int]]] = defaultdict(list)
    for audit, kind in audits:
        counts: Counter = Counter()
        nobody: Counter = Counter()
        for agency_id, count in outstanding_by_agency(audit).items():
            reaching = reach.reaching(agency_id)
            if reaching is None:
                nobody[reach.top(agency_id).pk] += count
            else:
                counts[reaching] += count
        for agency_id, count in sorted(counts.items()):
            by_reach[agency_id].append((audit, kind, agency_id, count))
        for agency_id, count in sorted(nobody.items()):
            by_reach[None].append((audit, kind, agency_id, count))
    sent: list[Reminder] = []
    for agency_id, due in by_reach.items():
        with transaction.atomic():
            people: list[Membership] = []
            if agency_id is not None:
                # Read under the lock, for each agency: a reminder by hand may have gone meanwhile.
                partnership_hold(partnership.pk)
            # The day the e-mails go out, which may be after ``today``, the day they were due:
            # read for each agency, under the lock, as a run may cross midnight.
            day = sending_day()
            if agency_id is not None:
                already = reminded_today(partnership.pk, day)
                people = [m for m in reach.leads(agency_id) if m.user.email not in already]
                if not people:
                    continue  # every lead of the agency has had a reminder today
            sent.extend(_send_to(partnership, reach, agency_id, people, due, today=today, sent_on=day))
    return sent


def _send_to(
    partnership, reach: Reach, agency_id: int | None, people, due, *, today: dt.date, sent_on: dt.date
) -> list[Reminder]:
    """One agency's reminders of the day (or, for ``agency_id`` None, the record
    of those no reminder can reach), in one e-mail to its leads."""
    emails = [m.user.email for m in people]
    made = []
    for audit, kind, for_agency, count in due:
        reminder = _create(
            partnership_id=partnership.pk,
            audit=audit,
            agency=reach.agencies[for_agency],
            kind=kind,
            due_on=today,
            sent_on=sent_on,
            outstanding=count,
            recipients=emails,
        )
        if reminder is not None:
            _record(
                reminder,
                partnership=partnership,
                agency=reach.agencies[for_agency],
                outstanding=count,
                recipients=len(emails),
                actor=None,
            )
            made.append(reminder)
    if made and emails:
        outstanding = sum(r.outstanding for r in made)
        send_email(
            to=emails,
            subject=_subject(outstanding, [r.audit for r in made]),
            template="returns/email/reminder.txt",
            context={
                "items": [_item(r.audit, r.outstanding, today) for r in made],
                "agency": reach.agencies[agency_id],
                "has_sub_units": reach.acts_for_sub_units(agency_id),  # no query per e-mail
            },
            kind="reminder",
            partnership=partnership,
            about=made[0],
        )
    return made


def reminders_send_due(*, today: dt.date) -> list[Reminder]:
    """Send today's automatic reminders, across every partnership: one e-mail
    to each agency's leads, covering every audit due a reminder today and the
    agency's sub-units. Safe to run more than once a day."""
    due: dict[int, list[tuple[Audit, str]]] = defaultdict(list)
    partnerships = {}
    audits = (
        Audit.objects.filter(stage=Stage.AUDITING, return_deadline__isnull=False)
        .select_related("partnership")
        .order_by("partnership_id", "return_deadline", "title")
    )
    for audit in audits:
        kind = due_kind(audit, today)
        if kind is not None:
            due[audit.partnership_id].append((audit, kind))
            partnerships[audit.partnership_id] = audit.partnership
    sent = []
    for partnership_id, items in due.items():
        sent.extend(_send_due_for_partnership(partnerships[partnership_id], items, today=today))
    return sent


def scheduled_reminders(day: dt.date) -> str:
    """The scheduler's daily job (``returns.reminders``)."""
    sent = reminders_send_due(today=day)
    # A reminder to an agency with nobody to e-mail (no lead) is logged, not sent.
    reached = [reminder for reminder in sent if reminder.recipients]
    outcome = f"{counted(len(reached), 'reminder')} sent to agencies"
    if len(reached) < len(sent):
        nobody = len(sent) - len(reached)
        outcome += f"; {counted(nobody, 'agency', 'agencies')} had nobody to e-mail"
    return outcome
