"""Nominations: a member proposes a case for an audit; the audit lead decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.accounts.models import Membership
from maca.audit_trail.services import diff, record
from maca.cases.models import Case
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, Stage
from maca.selection.models import Assignment, AuditCase, Nomination, NominationStatus, SelectionSource
from maca.selection.presenters import audits_named
from maca.selection.services._common import SELECTION_STAGES, _require_stage, _update
from maca.selection.services.cases import _add_case, _renumber


def nomination_create(*, actor, audit: Audit, case_reference: str, reason: str, can_see_pool: bool) -> Nomination:
    """Propose a case by its reference in the partnership's case list.

    Someone who may see the whole pool (a QA officer) is told at once when the
    reference is unknown or the case is already in. Anyone else (an agency lead)
    gets the same answer whatever they type, so nominating cannot be used to
    find out which families are in the pool: the audit lead sees the problem
    when deciding.
    """
    reference = case_reference.strip()
    with transaction.atomic():
        # The audit's row first, as a draw, a decision and the stage move take
        # it: the stage and "already nominated and waiting" are then read with
        # no other nomination or move of the audit half made.
        audit = Audit.objects.select_for_update().get(partnership_id=audit.partnership_id, pk=audit.pk)
        _require_stage(audit, SELECTION_STAGES, "Cases can be nominated")
        if not reference:
            raise ValidationError({"case_reference": "Enter the case reference"})
        case = (
            Case.objects.for_partnership(audit.partnership)
            .filter(from_past_audit=False, reference__iexact=reference)
            .first()
        )
        if can_see_pool:
            if case is None:
                raise ValidationError(
                    {
                        "case_reference": f"There is no case with the reference ‘{reference}’ in the "
                        "case list. Check the reference, or import the latest case "
                        "list first."
                    }
                )
            if AuditCase.objects.current().filter(partnership_id=audit.partnership_id, audit=audit, case=case).exists():
                raise ValidationError({"case_reference": "This case is already selected for the audit"})
            if Nomination.objects.filter(
                partnership_id=audit.partnership_id, audit=audit, case=case, status=NominationStatus.PENDING
            ).exists():
                raise ValidationError(
                    {"case_reference": "This case has already been nominated and is waiting for a decision"}
                )
        # Whose agency the nomination comes from, as the audit lead reads it
        # beside the nominator's name: their membership's agency now.
        membership = (
            Membership.objects.filter(partnership_id=audit.partnership_id, user_id=getattr(actor, "pk", None))
            .select_related("agency")
            .first()
        )
        agency = membership.agency if membership else None
        _refuse_a_second_nomination(audit=audit, reference=reference, actor=actor, agency=agency)
        # Matched whatever its capitals: kept as the case list has it. Someone who
        # cannot see the pool keeps what they typed until the audit lead decides,
        # so that the reference they see back says nothing about the pool.
        if case is not None and can_see_pool:
            reference = case.reference
        nomination = Nomination.objects.create(
            partnership=audit.partnership,
            audit=audit,
            case=case,
            case_reference=reference,
            nominated_by=actor,
            nominator_agency=agency,
            reason=reason.strip(),
        )
        record(
            actor=actor,
            action="nomination.created",
            partnership=audit.partnership,
            target=nomination,
            changes={
                "audit": audit.pk,
                "case_reference": reference,
                "in_case_list": case is not None,
                "agency": agency.name if agency else None,
            },
        )
    return nomination


def _refuse_a_second_nomination(*, audit: Audit, reference: str, actor, agency) -> None:
    """The same reference (whatever its capitals) nominated again by the same
    agency (or, for someone of no agency, the same person) while the first
    still waits for a decision is refused: they know of the first, so saying
    so tells them nothing of the case list. One waiting from another agency is
    not mentioned: it would tell them that another agency knows the family, so
    theirs is taken as any other (the audit lead sees both)."""
    waiting = Nomination.objects.filter(
        partnership_id=audit.partnership_id,
        audit=audit,
        status=NominationStatus.PENDING,
        case_reference__iexact=reference,
    )
    waiting = waiting.filter(nominator_agency=agency) if agency else waiting.filter(nominated_by=actor)
    first = waiting.select_related("nominated_by").first()
    if first is None:
        return
    who = "You have" if first.nominated_by_id == getattr(actor, "pk", None) else f"{agency_name(agency)} has"
    raise ValidationError(
        {
            "case_reference": f"{who} already nominated ‘{first.case_reference}’ for this audit, "
            "and it is waiting for the audit lead’s decision. You do not need to nominate it again."
        }
    )


def nomination_problem(nomination: Nomination) -> str | None:
    """What the audit lead should know before accepting (shown on the decision page)."""
    if nomination.case_id is None:
        return f"There is no case with the reference ‘{nomination.case_reference}’ in the case list: decline it."
    if (
        AuditCase.objects.current()
        .filter(partnership_id=nomination.partnership_id, audit_id=nomination.audit_id, case_id=nomination.case_id)
        .exists()
    ):
        return "This case is already selected for the audit."
    if not nomination.case.children_count:
        # A later case list moved all its children to other cases: a draw never
        # picks such a case, and agencies would have no child to look for.
        return (
            "This case has no children left in the case list: they have all moved to other cases. "
            "Check the reference with the person who nominated it, or decline it."
        )
    # A draw leaves out the cases audited within the months it is given
    # (``PoolFilter.exclude_audited_within_months``). A nomination is a
    # person's choice, so nothing is left out: the audit lead is told of every
    # other audit the case is in, however long ago, each with its programme
    # year, and decides.
    elsewhere = list(
        AuditCase.objects.current()
        .filter(partnership_id=nomination.partnership_id, case_id=nomination.case_id)
        .exclude(audit_id=nomination.audit_id)
        .exclude(audit__stage=Stage.CANCELLED)
        .order_by("-audit__programme__year", "-added_at")
        .values_list("audit__title", "audit__programme__year")
    )
    if elsewhere:
        return f"This case is also selected for {audits_named(elsewhere)}. Check it should be audited again."
    return None


def nominator_agency_to_ask(nomination: Nomination):
    """The agency that nominated the case, if accepting should ask it to audit
    the case as well: it takes part, and neither the case list (for a case
    joining the audit) nor the audit (for a case in it already) has it."""
    agency = nomination.nominator_agency
    if nomination.case_id is None or agency is None or not agency.is_active:
        return None
    partnership_id = nomination.partnership_id
    in_audit = (
        AuditCase.objects.current()
        .filter(partnership_id=partnership_id, audit_id=nomination.audit_id, case_id=nomination.case_id)
        .first()
    )
    if in_audit is not None:
        has_it = Assignment.objects.current().filter(
            partnership_id=partnership_id, audit_case=in_audit, agency_id=agency.pk
        )
    else:
        has_it = Case.agencies.through.objects.filter(case_id=nomination.case_id, agency_id=agency.pk)
    return None if has_it.exists() else agency


def nomination_decide(
    *, actor, nomination: Nomination, accept: bool, reason: str = "", ask_nominator_agency: bool = True
) -> Nomination:
    """The audit lead accepts (the case joins the audit, or stays in it as a
    nominated case if a draw picked it) or declines a nomination.

    ``ask_nominator_agency``: accepting also asks the agency that nominated the
    case to audit it (:func:`nominator_agency_to_ask`), as the decision page
    offers, ticked, unless the audit lead unticks it."""
    partnership_id = nomination.partnership_id
    with transaction.atomic():
        # The audit's row first, as a draw and the stage move take it: accepting
        # adds a case and numbers it among the audit's cases.
        audit = Audit.objects.select_for_update().get(partnership_id=partnership_id, pk=nomination.audit_id)
        nomination = Nomination.objects.select_for_update().get(partnership_id=partnership_id, pk=nomination.pk)
        nomination.audit = audit  # as read under the lock
        _require_stage(audit, SELECTION_STAGES, "Nominations can be decided")
        if nomination.status != NominationStatus.PENDING:
            raise ValidationError("This nomination has already been decided.")
        if accept and nomination.case_id is None:
            raise ValidationError({"decision": "There is no case with this reference in the case list: decline it"})
        if not accept and not reason.strip():
            raise ValidationError({"reason": "Enter why the nomination is declined"})
        decided = {
            "status": NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_reason": reason.strip(),
        }
        if nomination.case_id:
            nomination.case = Case.objects.get(partnership_id=partnership_id, pk=nomination.case_id)
            decided["case_reference"] = nomination.case.reference  # as the case list has it
        _update(nomination, **decided)
        changes = {"case_reference": nomination.case_reference, "reason_given": bool(nomination.decision_reason)}
        if accept:
            in_audit = (
                AuditCase.objects.current()
                .filter(partnership_id=partnership_id, audit=audit, case_id=nomination.case_id)
                .first()
            )
            if in_audit is None:
                in_audit = _add_case(
                    actor=actor,
                    audit=audit,
                    case=nomination.case,
                    source=SelectionSource.NOMINATED,
                    nomination=nomination,
                )
                _renumber(audit)
            elif in_audit.source == SelectionSource.DRAWN:
                # Drawn already: from now on it is in the audit as a nominated
                # case, which a later draw keeps (``draw_make`` replaces only
                # drawn cases). Its number stays, as the audit lead is told.
                changes["audit_case"] = {
                    "number": in_audit.number,
                    **diff(
                        {"source": in_audit.source, "draw": in_audit.draw_id, "nomination": in_audit.nomination_id},
                        {"source": SelectionSource.NOMINATED, "draw": None, "nomination": nomination.pk},
                    ),
                }
                _update(in_audit, source=SelectionSource.NOMINATED, draw=None, nomination=nomination)
            agency = nominator_agency_to_ask(nomination) if ask_nominator_agency else None
            if agency is not None:
                # Locked and read again, as ``assignments_set`` does: an agency
                # that stops taking part meanwhile is not given the case.
                agency = Agency.objects.select_for_update().get(partnership_id=partnership_id, pk=agency.pk)
                agency = agency if agency.is_active else None
            if agency is not None:
                # Before agencies audit (nominations are decided while the audit
                # selects its cases): its leads are told with every other lead
                # when the audit moves on.
                Assignment.objects.create(
                    partnership_id=partnership_id,
                    audit_case=in_audit,
                    agency=agency,
                    added_by=actor,
                )
                changes["nominator_agency_asked"] = agency.name
        # The reason stays on the nomination; the log says only that one was given.
        record(
            actor=actor,
            action=f"nomination.{nomination.status}",
            partnership=audit.partnership,
            target=nomination,
            changes=changes,
        )
    return nomination
