"""E-mails to agency leads about their cases: every lead when agencies start
auditing, and, after that, the leads of agencies added to a case or taken off
it. None says more about a case than its number in the audit."""

from __future__ import annotations

from maca.accounts.models import Membership
from maca.core.presenters import and_list, counted
from maca.notifications.services import send_email
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, AuditKind, returns_called
from maca.selection.models import Assignment, AuditCase
from maca.selection.selectors import agency_leads

ASSIGNED = "selection/email/cases_assigned.txt"
TAKEN_OFF = "selection/email/case_taken_off.txt"


def tell_agencies_their_cases(audit: Audit, *, actor) -> None:
    """When agencies start auditing, each involved agency's leads get an e-mail.

    Each lead is told the number of the audit's cases their "Cases to audit"
    page lists (``selectors.agency_scope``: their agency and its sub-units, a
    case counted once however many of them audit it), so a GP practice's
    cases reach the care board's lead, counted as that page counts them, and
    named as that page names them. The agency tree is read once for every lead."""
    assigned: dict[int, set[int]] = {}
    assignments = Assignment.objects.current().filter(
        partnership_id=audit.partnership_id, audit_case__audit=audit, audit_case__removed_at__isnull=True
    )
    for agency_id, audit_case_id in assignments.values_list("agency_id", "audit_case_id"):
        assigned.setdefault(agency_id, set()).add(audit_case_id)
    agencies = _named(audit.partnership_id, assigned)
    for lead, scope in agency_leads(audit.partnership_id):
        auditing = sorted(scope & assigned.keys(), key=lambda pk: agencies[pk].lower())
        cases = set().union(*(assigned[agency_id] for agency_id in auditing))
        if not cases:
            continue
        _email_lead(
            lead,
            audit,
            subject=f"{counted(len(cases), 'case')} to audit for ‘{audit.title}’",
            context={
                "count": len(cases),
                # Named only when not just the lead's own agency audits them.
                "auditing": and_list(agencies[pk] for pk in auditing) if auditing != [lead.agency_id] else "",
            },
        )


def _named(partnership_id: int, agency_ids) -> dict[int, str]:
    """``{agency_id: name}`` as the agency lists name them (a GP practice with its care board)."""
    found = Agency.objects.filter(partnership_id=partnership_id, pk__in=list(agency_ids)).select_related(
        "parent__parent"
    )
    return {agency.pk: agency_name(agency) for agency in found}


def _email_lead(lead, audit: Audit, *, subject: str, context: dict, template: str = ASSIGNED) -> None:
    send_email(
        to=[lead.user.email],
        subject=subject,
        template=template,
        context={
            "lead": lead,
            "audit": audit,
            "late": audit.returns_deadline_passed(),
            # A deep dive asks each agency for one summative report across its cases (``returns.services``).
            "deep_dive": audit.kind == AuditKind.DEEP_DIVE,
            "one_return": returns_called(audit.kind, 1),
            **context,
        },
        kind="assignment",
        partnership=audit.partnership,
    )


def _tell_agencies_added(
    audit_case: AuditCase, *, added: list[Assignment], before
) -> tuple[list[Membership], list[str]]:
    """Agencies added to a case once agencies have been told their cases (at
    the move into 'Agencies auditing') are told in the same way: each lead
    whose "Cases to audit" page now lists the case gets an e-mail saying one
    more case is there, with no more about the case than the first e-mail
    gave. A lead whose page listed the case already, through another agency
    of theirs among ``before`` (the agencies auditing it before the change),
    is not told: for them it is not one more case (the care board's lead when
    the board audits the case and one of its GP practices is added).

    Returns the leads told, and the names of the agencies added that no
    lead's page lists (nobody in maca leads them, so nobody was told)."""
    audit = audit_case.audit
    adding = {a.agency_id for a in added}
    before = set(before)
    names = _named(audit_case.partnership_id, adding)
    told, reached = [], set()
    for lead, agency_ids in agency_leads(audit_case.partnership_id, agency_ids=adding | before):
        reached |= agency_ids & adding
        if agency_ids & before or not agency_ids & adding:
            continue
        named = sorted((names[pk] for pk in agency_ids), key=str.lower)
        _email_lead(
            lead,
            audit,
            subject=f"1 more case to audit for ‘{audit.title}’",
            context={"added": and_list(named), "many": len(named) > 1},
        )
        told.append(lead)
    return told, sorted((names[pk] for pk in adding - reached), key=str.lower)


def _tell_agencies_taken_off(audit_case: AuditCase, *, removed: list[Assignment], auditing) -> list[Membership]:
    """Agencies taken off a case once agencies have been told their cases:
    each lead whose "Cases to audit" page listed the case through one of them
    (their agency or a sub-unit, as for the first e-mail) and lists it no
    longer gets an e-mail saying so, and that any return started for it was
    withdrawn and kept. A lead whose page still lists the case, through
    another agency of theirs among ``auditing`` (the agencies now auditing
    it), is not told. The case is named by its number in the audit only.
    Returns the leads told."""
    audit = audit_case.audit
    taken_off = {a.agency_id for a in removed}
    still = set(auditing)
    names = _named(audit_case.partnership_id, taken_off)
    told = []
    for lead, agency_ids in agency_leads(audit_case.partnership_id, agency_ids=taken_off | still):
        if agency_ids & still or not agency_ids & taken_off:
            continue
        named = sorted((names[pk] for pk in agency_ids), key=str.lower)
        _email_lead(
            lead,
            audit,
            subject=f"A case taken off your list for ‘{audit.title}’",
            template=TAKEN_OFF,
            context={
                "removed": and_list(named),
                "many": len(named) > 1,
                "number": audit_case.number,
                # A deep dive's returns are one for each agency, not each case:
                # taking an agency off a case withdraws none (``returns.services``).
                "returns_withdrawn": audit.kind != AuditKind.DEEP_DIVE,
            },
        )
        told.append(lead)
    return told
