"""A return's way through review: the agency lead submits it, the QA officer
accepts it or sends it back with comments (the agency is told by e-mail), and
one made in error is withdrawn, with why (returns are never deleted)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version
from maca.programme.models import Audit
from maca.returns import access
from maca.returns.models import Return, ReturnStatus
from maca.returns.services._common import _lock, _transition
from maca.returns.summative import cases_audited_refusals
from maca.tools.answers import invalid_answers, missing_answers


def return_submit(*, actor, membership, return_record: Return, expected_version: int) -> Return:
    """The agency lead submits: every required question must be answered. Its
    first submission is kept (``first_submitted_at``); a resubmission after a
    send-back changes only its latest (``submitted_at``)."""
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_submit(membership, return_record):
            raise ValidationError(
                f"Only the agency lead can submit this {return_record.kind_name}, "
                "and only before it has been submitted."
            )
        problems = invalid_answers(return_record.tool_version, return_record.answers)
        problems.extend(cases_audited_refusals(return_record, return_record.answers).values())
        if problems:
            raise ValidationError(problems)
        missing = missing_answers(return_record.tool_version, return_record.answers)
        if missing:
            raise ValidationError([message for _question, message in missing])
        _transition(return_record, ReturnStatus.SUBMITTED, actor=actor)
        return_record.submitted_at = timezone.now()
        if return_record.first_submitted_at is None:
            # Kept through every send-back and resubmission: whether it was
            # submitted late is said of its first submission (``figures.submitted_late``).
            return_record.first_submitted_at = return_record.submitted_at
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action="return.submitted",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={},
        )
    return return_record


def return_review(
    *, actor, membership, return_record: Return, accept: bool, comment: str, expected_version: int
) -> Return:
    """The QA officer accepts a submitted return, or sends it back with comments
    while the agency can still change it (:func:`access.can_send_back`)."""
    comment = comment.strip()
    with transaction.atomic():
        # The audit's row first, as the stage move takes it before reading any
        # return (``none_sent_back``): a send-back and a move on to writing up
        # at the same moment are then one after the other, and the stage
        # checked here is the one the move left. Here only, not in ``_lock``:
        # agencies' saves would otherwise all wait on the audit's row.
        audit = Audit.objects.select_for_update().get(
            partnership_id=return_record.partnership_id, pk=return_record.audit_id
        )
        return_record = _lock(return_record, expected_version)
        return_record.audit = audit  # as read under the lock
        if not access.can_review(membership, return_record):
            raise ValidationError(access.review_refusal(return_record))
        if not accept and not access.can_send_back(membership, return_record):
            raise ValidationError({"decision": access.send_back_refusal(return_record)})
        if not accept and not comment:
            raise ValidationError({"comment": "Enter what the agency needs to change"})
        to_status = ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED
        _transition(return_record, to_status, actor=actor, comment=comment)
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action=f"return.{'accepted' if accept else 'sent_back'}",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"comment_given": bool(comment)},  # the comment stays with the return, not in the log
        )
        if not accept:
            _tell_agency_sent_back(return_record, comment)
    return return_record


def return_withdraw(*, actor, membership, return_record: Return, reason: str, expected_version: int) -> Return:
    """Returns are never deleted: a return made in error is withdrawn, with why."""
    reason = reason.strip()
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_withdraw(membership, return_record):
            raise ValidationError(f"This {return_record.kind_name} cannot be withdrawn.")
        if not reason:
            raise ValidationError({"reason": f"Enter why the {return_record.kind_name} is being withdrawn"})
        _transition(return_record, ReturnStatus.WITHDRAWN, actor=actor, comment=reason)
        return_record.withdrawn_reason = reason
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action="return.withdrawn",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"reason_given": True},  # the reason stays with the return, not in the log
        )
    return return_record


def _tell_agency_sent_back(return_record: Return, comment: str) -> None:
    from maca.notifications.services import send_email
    from maca.returns.reminders import recipients_for

    people = recipients_for(return_record.partnership_id, return_record.agency)
    if people:
        send_email(
            to=[m.user.email for m in people],
            subject=f"A {return_record.kind_name} for ‘{return_record.audit.title}’ has been sent back",
            template="returns/email/sent_back.txt",
            context={"return_record": return_record, "comment": comment},
            kind="return_sent_back",
            partnership=return_record.audit.partnership,
        )
