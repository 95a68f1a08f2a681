"""Who may see and change which returns: the one place these rules live.

- Partnership admins and QA officers see every return of their partnership.
- Independent scrutineers see the returns of the audits they scrutinise.
- Agency leads and auditors see their own agency's returns (and its
  sub-units') once agencies are auditing; from the meeting stage on, the
  agencies involved in a case see every agency's return for that case.
- Auditors and leads change their own agency's returns while they are not
  submitted and the audit is at 'agencies auditing' or 'meeting'; leads submit
  them (from "Check your answers", whether or not a draft was saved first);
  QA officers accept a submitted return until the audit is closed, send it
  back only while agencies can change it, and withdraw (never delete).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from maca.accounts.roles import Capability
from maca.core.presenters import long_date
from maca.programme.models import STAGE_ORDER, Stage, returns_called
from maca.returns.models import EDITABLE_STATUSES, Return, ReturnStatus
from maca.selection.models import Assignment
from maca.selection.selectors import AGENCY_VISIBLE_STAGES, agency_scope

SHARED_STAGES = [s.value for s in STAGE_ORDER[STAGE_ORDER.index(Stage.MEETING) :]]
EDITING_STAGES = (Stage.AUDITING, Stage.MEETING)


def visible_returns(membership):
    returns = Return.objects.for_partnership(membership.partnership_id)
    if membership.can(Capability.VIEW_ALL_CASES):
        return returns
    condition = Q(pk__in=[])
    if membership.can(Capability.VIEW_SCRUTINISED_CASES):
        condition |= Q(audit__scrutineers=membership.user_id)
    agencies = agency_scope(membership)
    if agencies:
        condition |= Q(agency_id__in=agencies, audit__stage__in=AGENCY_VISIBLE_STAGES)
        involved = (
            Assignment.objects.current()
            .filter(partnership_id=membership.partnership_id, agency_id__in=agencies)
            .values("audit_case_id")
        )
        condition |= Q(audit__stage__in=SHARED_STAGES, audit_case_id__in=involved)
    return returns.filter(condition).distinct()


def is_own(membership, return_record: Return) -> bool:
    return return_record.agency_id in agency_scope(membership)


def can_edit(membership, return_record: Return) -> bool:
    return (
        membership.can(Capability.EDIT_RETURNS)
        and is_own(membership, return_record)
        and return_record.status in EDITABLE_STATUSES
        and return_record.audit.stage in EDITING_STAGES
    )


# Why a return of one's own agency cannot be changed, by its state: the same
# words as the chronology's (chronology_services.STATUS_REASONS).
CLOSED_REASONS = {
    ReturnStatus.SUBMITTED: "it has been submitted",
    ReturnStatus.ACCEPTED: "it has been accepted",
    ReturnStatus.WITHDRAWN: "it has been withdrawn",
}


def edit_refusal(membership, return_record: Return) -> str | None:
    """Why someone whose role changes their agency's returns cannot change this
    one of theirs now (said instead of a bare "not allowed"). None when they
    can, and when the return is not theirs to change at all (that stays a
    refusal without reasons)."""
    if not (membership.can(Capability.EDIT_RETURNS) and is_own(membership, return_record)):
        return None
    if return_record.status not in EDITABLE_STATUSES:
        because = CLOSED_REASONS.get(return_record.status, "of its state")
        return f"This {return_record.kind_name} cannot be changed because {because}."
    if return_record.audit.stage not in EDITING_STAGES:
        return (
            f"This {return_record.kind_name} can only be changed while agencies are auditing or at the meeting stage."
        )
    return None


def can_submit(membership, return_record: Return) -> bool:
    return (
        membership.can(Capability.SUBMIT_RETURNS)
        and is_own(membership, return_record)
        and return_record.status in EDITABLE_STATUSES
        and return_record.audit.stage in EDITING_STAGES
    )


# Reviewing a submitted return, defined once (the review page, the service, and
# the home page's "returns to review" all follow it): it is sent back only while
# the agencies can change it (otherwise nobody could act on what it was sent back
# for), and accepted until the audit is finished (then its returns are the
# audit's record, as for withdrawing).
FINISHED_STAGES = (Stage.CLOSED, Stage.CANCELLED)


def can_review(membership, return_record: Return) -> bool:
    """Accept (or send back, see :func:`can_send_back`) this return now."""
    return (
        membership.can(Capability.REVIEW_RETURNS)
        and return_record.status == ReturnStatus.SUBMITTED
        and return_record.audit.stage not in FINISHED_STAGES
    )


def can_send_back(membership, return_record: Return) -> bool:
    return can_review(membership, return_record) and return_record.audit.stage in EDITING_STAGES


def send_back_refusal(return_record: Return) -> str:
    """Why a submitted return can no longer be sent back (said of what it is)."""
    return (
        f"This {return_record.kind_name} can no longer be sent back: agencies can only change their "
        f"{returns_called(return_record.audit.kind)} while they are auditing or at the meeting stage, so nobody "
        "could act on it. You can still accept it."
    )


def review_refusal(return_record: Return) -> str:
    """Why this return cannot be accepted or sent back, for someone whose role reviews returns."""
    if return_record.status == ReturnStatus.SUBMITTED and return_record.audit.stage in FINISHED_STAGES:
        return (
            f"This audit is {return_record.audit.get_stage_display().lower()}: its "
            f"{returns_called(return_record.audit.kind)} are its record, "
            "and can no longer be accepted or sent back."
        )
    only_submitted = f"Only a submitted {return_record.kind_name} can be accepted or sent back."
    if return_record.status not in _DECIDED:
        return only_submitted
    moves = return_record.transitions.filter(to_status=return_record.status)
    if return_record.status != ReturnStatus.WITHDRAWN:
        # A reviewer's decision, not a return brought back from withdrawn in
        # the state it was in when an agency is ticked again.
        moves = moves.filter(from_status=ReturnStatus.SUBMITTED)
    move = moves.select_related("actor").order_by("-occurred_at", "-pk").first()
    if move is None:
        return only_submitted
    # A page left open over someone's decision: say what was decided, by whom and when.
    who = move.actor.full_name if move.actor_id else "someone"
    when = long_date(timezone.localtime(move.occurred_at).date())
    return _DECIDED[return_record.status].format(this=f"This {return_record.kind_name}", who=who, when=when)


# What a reviewer who finds a return no longer submitted is told, by its state.
_DECIDED = {
    ReturnStatus.RETURNED: (
        "{this} was sent back to the agency by {who} on {when}, so it cannot be accepted or sent back now. "
        "It can be reviewed again when the agency submits it."
    ),
    ReturnStatus.ACCEPTED: "{this} was accepted by {who} on {when}: there is nothing more to decide.",
    ReturnStatus.WITHDRAWN: ("{this} was withdrawn by {who} on {when}, so it can no longer be accepted or sent back."),
}


def awaiting_review(returns):
    """Of ``returns`` (a queryset), those waiting for the QA officer's review:
    the same rule as :func:`can_review`, for counting them."""
    return returns.filter(status=ReturnStatus.SUBMITTED).exclude(audit__stage__in=FINISHED_STAGES)


def can_withdraw(membership, return_record: Return) -> bool:
    """A return made in error is withdrawn by the QA officer, until the audit
    is closed or cancelled: then its returns are the audit's record."""
    return (
        membership.can(Capability.REVIEW_RETURNS)
        and return_record.status != ReturnStatus.WITHDRAWN
        and not return_record.audit.is_finished
    )


def can_see_history(membership) -> bool:
    return membership.can(Capability.REVIEW_RETURNS)
