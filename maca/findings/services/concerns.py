"""Immediate safeguarding concerns: raising, alerting the agency, acknowledging."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.submissions import made_from, submission_key
from maca.core.working_days import next_working_day
from maca.findings import extensions
from maca.findings.access import concern_closed
from maca.findings.models import ImmediateConcern
from maca.programme.models import Audit
from maca.selection.models import Assignment, AuditCase


def agencies_of_case(audit_case: AuditCase) -> list:
    return [
        a.agency
        for a in Assignment.objects.current()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case)
        .select_related("agency__parent")
        .order_by("agency__name")
    ]


def concern_respond_by(raised_on: dt.date) -> dt.date:
    """The day the agency must act by on a concern raised on ``raised_on``:
    the next working day (Monday to Friday, not a bank holiday of England and
    Wales: ``core.working_days``). The concern is saved with it, its urgent
    action is due on it and the form raising it says it beforehand, from this
    one rule."""
    return next_working_day(raised_on)


class ConcernAlreadyRaised(Exception):
    """The concern form was sent again (a second press of its button, or the
    browser sending it again): ``concern`` is the one its first send raised."""

    def __init__(self, concern: ImmediateConcern):
        super().__init__(f"{concern} was raised from this form already.")
        self.concern = concern


def concern_raise(
    *, actor, audit_case: AuditCase, agency, what_was_found: str, submission: uuid.UUID | None = None
) -> ImmediateConcern:
    """Flag an immediate safeguarding concern on a case for the agency that must
    act on it, and e-mail that agency's leads at once (the e-mail says where to
    read it, never what it is). With no lead to e-mail, the concern is still
    recorded, unsent, and the page says to telephone the agency.

    ``submission`` identifies the form it was raised from: the same form sent
    again raises nothing, e-mails no one and says which concern it raised
    (``ConcernAlreadyRaised``)."""
    from maca.notifications.services import send_email
    from maca.returns.reminders import recipients_for

    what_was_found = what_was_found.strip()
    if not what_was_found:
        raise ValidationError({"what_was_found": "Enter what was found"})
    with transaction.atomic():
        # The audit's row is the lock: two sends of one form are taken one after the other.
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        if submission is not None:
            # Before the checks below: a second send lands on what the first did,
            # even if the audit has moved on since.
            submission = submission_key(
                submission, {"audit_case": audit_case.pk, "agency": agency.pk, "what_was_found": what_was_found}
            )
            earlier = made_from(ImmediateConcern, partnership_id=audit.partnership_id, key=submission)
            if earlier is not None:
                raise ConcernAlreadyRaised(earlier)
        closed = concern_closed(audit)
        if closed is not None:
            raise ValidationError(closed[1])
        if audit_case.removed_at is not None:
            raise ValidationError("That case is not part of this audit.")
        if agency.pk not in {a.pk for a in agencies_of_case(audit_case)}:
            raise ValidationError({"agency": "Select one of the agencies auditing this case"})
        concern = ImmediateConcern.objects.create(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            what_was_found=what_was_found,
            raised_by=actor,
            respond_by=concern_respond_by(timezone.localdate()),
            submission=submission,
        )
        leads = recipients_for(audit.partnership_id, agency)
        if leads:
            send_email(
                to=[m.user.email for m in leads],
                subject=f"Immediate safeguarding concern: case {audit_case.number} of ‘{audit.title}’",
                template="findings/email/immediate_concern.txt",
                context={"concern": concern, "audit": audit, "audit_case": audit_case, "agency": agency},
                kind="immediate_concern",
                partnership=audit.partnership,
                about=concern,
            )
            concern.alert_sent_at = timezone.now()
            concern.alert_recipients = [m.user.email for m in leads]
            concern.save(update_fields=["alert_sent_at", "alert_recipients"])
        record(
            actor=actor,
            action="immediate_concern.raised",
            partnership=audit.partnership,
            target=concern,
            changes={"case": audit_case.number, "agency": agency.name, "alerted": len(leads)},
        )
    return concern


def concern_acknowledge(*, actor, concern: ImmediateConcern, acknowledgement: str, expected_version: int):
    """The owning agency's lead says the concern has been received and what is
    being done. The apps above hear of it in the same transaction
    (``extensions.register_concern_acknowledged``: ``actions`` records it as
    progress on the concern's urgent action)."""
    acknowledgement = acknowledgement.strip()
    if not acknowledgement:
        raise ValidationError({"acknowledgement": "Enter what your agency has done or will do"})
    with transaction.atomic():
        concern = lock_for_update(concern, expected_version=expected_version)
        if concern.acknowledged_at is not None:
            raise ValidationError("This concern has already been acknowledged.")
        concern.acknowledged_at, concern.acknowledged_by = timezone.now(), actor
        concern.acknowledgement = acknowledgement
        bump_version(concern)
        concern.save()
        record(
            actor=actor,
            action="immediate_concern.acknowledged",
            partnership=concern.partnership,
            target=concern,
            changes={"agency": concern.agency.name},
        )
        extensions.concern_acknowledged(concern=concern, actor=actor)
    return concern
