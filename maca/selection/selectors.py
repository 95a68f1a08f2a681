"""Who may see which selected cases, and reading selections.

Case-level data is reached only through these functions:

- admins and QA officers: every case of their partnership;
- independent scrutineers: the cases of the audits they scrutinise;
- agency leads and auditors: the cases assigned to their agency (or one of its
  sub-units) once the audit has reached the agencies-auditing stage.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from maca.accounts.models import Membership
from maca.accounts.roles import Capability, Role
from maca.cases.models import Case, Child
from maca.partnerships.selectors import descendant_ids, descendants_of
from maca.programme.audit_cases import Selected
from maca.programme.models import STAGE_ORDER, Stage
from maca.programme.selectors import open_audits_first
from maca.selection.models import Assignment, AuditCase, Draw, Nomination, NominationStatus, SelectionSource

AGENCY_VISIBLE_STAGES = [s.value for s in STAGE_ORDER[STAGE_ORDER.index(Stage.AUDITING) :]]


def agency_scope(membership, *, below=None) -> set[int]:
    """The agency of an agency role and its sub-units; empty for other roles.
    ``below``: the partnership's tree read once (``partnerships.selectors.
    descendants_of``), for asking about many people."""
    if not membership.agency_id or not membership.can(Capability.VIEW_AGENCY_CASES):
        return set()
    if below is not None:
        return below(membership.agency_id)
    return descendant_ids(membership.partnership_id, membership.agency_id)


def agency_leads(partnership_id: int, *, agency_ids=None) -> list[tuple[Membership, set[int]]]:
    """The partnership's agency leads with access, each with their
    ``agency_scope`` (the agencies whose cases their "Cases to audit" page
    lists), the agency tree read once for all of them. With ``agency_ids``,
    only the leads whose scope holds one of them, each with those it holds."""
    below = descendants_of(partnership_id)
    leads = (
        Membership.objects.able_to_act()
        .filter(
            partnership_id=partnership_id,
            role=Role.AGENCY_LEAD,
            is_active=True,
            agency__isnull=False,
            # A lead of a deactivated agency has no access (``User.active_memberships``).
            agency__is_active=True,
        )
        .select_related("user", "agency")
        .order_by("user__full_name", "pk")
    )
    found = [(lead, agency_scope(lead, below=below)) for lead in leads]
    if agency_ids is None:
        return found
    wanted = set(agency_ids)
    return [(lead, scope & wanted) for lead, scope in found if scope & wanted]


def sees_identifiers(membership) -> bool:
    """Only agency staff, who must find the case in their own agency's records,
    see its identifiers (NHS numbers, dates of birth, case-system numbers); and
    only for the cases their agency audits (``visible_cases``). A scrutineer, a
    QA officer and a partnership admin without an agency see the case, its
    returns and its chronology without them (ADR 0012)."""
    return bool(agency_scope(membership))


def can_see_audit_cases(membership, audit) -> bool:
    """May this person see the whole list of an audit's cases?"""
    if audit.partnership_id != membership.partnership_id:
        return False
    if membership.can(Capability.VIEW_ALL_CASES):
        return True
    if membership.can(Capability.VIEW_SCRUTINISED_CASES):
        return audit.scrutineers.filter(pk=membership.user_id).exists()
    return False


def visible_audit_cases(membership):
    """Every selected case (in any audit) this person may see."""
    current = AuditCase.objects.current().filter(partnership_id=membership.partnership_id)
    if membership.can(Capability.VIEW_ALL_CASES):
        return current
    conditions = Q(pk__in=[])
    if membership.can(Capability.VIEW_SCRUTINISED_CASES):
        conditions |= Q(audit__scrutineers=membership.user_id)
    agencies = agency_scope(membership)
    if agencies:
        conditions |= Q(
            audit__stage__in=AGENCY_VISIBLE_STAGES,
            assignments__agency_id__in=agencies,
            assignments__removed_at__isnull=True,
        )
    return current.filter(conditions).distinct()


def visible_cases(membership):
    """Every case of the pool this person may see."""
    cases = Case.objects.for_partnership(membership.partnership_id)
    if membership.can(Capability.VIEW_ALL_CASES):
        return cases
    return cases.filter(pk__in=visible_audit_cases(membership).values("case_id"))


def audit_cases(audit):
    """The current cases of one audit, with what the case list pages show."""
    partnership_id = audit.partnership_id
    return (
        AuditCase.objects.current()
        .filter(partnership_id=partnership_id, audit=audit)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "case__children",
                queryset=Child.objects.filter(partnership_id=partnership_id).defer("identifiers").order_by("reference"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.current()
                .filter(partnership_id=partnership_id)
                .select_related("agency__parent")
                .order_by("agency__name"),
                to_attr="current_assignments",
            ),
        )
        .order_by("number")
    )


def case_counts(partnership, audit_ids: list[int]) -> dict[int, Selected]:
    """``{audit_id: Selected}`` for the audits' current selections. A case with
    no children in the case list (an audit brought in from an earlier year)
    is counted as not recorded, not as a case of no children."""
    rows = (
        AuditCase.objects.current()
        .filter(partnership=partnership, audit_id__in=audit_ids)
        .values("audit_id", "audit__target_children")
        .annotate(
            cases=Count("id"),
            children=Sum("case__children_count"),
            unrecorded=Count("id", filter=Q(case__children_count=0)),
            imported=Count("id", filter=Q(source=SelectionSource.IMPORTED)),
        )
    )
    return {
        row["audit_id"]: Selected.counted(
            cases=row["cases"],
            children=row["children"] or 0,
            unrecorded=row["unrecorded"],
            imported=row["imported"],
            stated=row["audit__target_children"] or 0,
        )
        for row in rows
    }


def nominations_for(audit):
    """The audit's nominations, newest first, each with ``taken_out``: its
    case was in the audit and was taken out of it, and is not in it now."""
    same_case = AuditCase.objects.filter(audit_id=OuterRef("audit_id"), case_id=OuterRef("case_id"))
    return (
        Nomination.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .annotate(
            taken_out=Exists(same_case.filter(removed_at__isnull=False))
            & ~Exists(same_case.filter(removed_at__isnull=True))
        )
        .select_related("case", "nominated_by", "nominator_agency__parent", "decided_by")
        .order_by("-nominated_at")
    )


def draws_for(audit):
    return Draw.objects.filter(partnership_id=audit.partnership_id, audit=audit).select_related("drawn_by")


def current_draw(audit) -> Draw | None:
    return draws_for(audit).filter(superseded_at__isnull=True).first()


def drawn_cases_now(draw: Draw) -> dict[str, int]:
    """What became of the cases ``draw`` picked: ``"as_drawn"`` still in the
    audit as drawn, ``"nominated"`` in it as nominated cases (a nomination of a
    drawn case accepted later), ``"taken_out"`` taken out of the audit."""
    picked = set(draw.selected_case_ids)
    now = dict.fromkeys(("as_drawn", "nominated", "taken_out"), 0)
    in_audit = dict(
        AuditCase.objects.current()
        .filter(partnership_id=draw.partnership_id, audit_id=draw.audit_id, case_id__in=picked)
        .values_list("case_id", "source")
    )
    for case_id in picked:
        source = in_audit.get(case_id)
        if source is None:
            now["taken_out"] += 1
        elif source == SelectionSource.NOMINATED:
            now["nominated"] += 1
        else:
            now["as_drawn"] += 1
    return now


def agencies_changed_by(audit_case, *, shown_ids) -> set:
    """Who made the case's agencies differ from ``shown_ids`` (those a page
    showed): for each agency given the case since, who added it; for each
    taken off since, who took it off (``None``: nobody named)."""
    shown_ids = set(shown_ids)
    mine = Assignment.objects.filter(partnership_id=audit_case.partnership_id, audit_case=audit_case)
    current = {a.agency_id: a.added_by_id for a in mine.current()}
    actors = {added_by for agency_id, added_by in current.items() if agency_id not in shown_ids}
    for agency_id in shown_ids - set(current):
        taken_off = mine.filter(agency_id=agency_id, removed_at__isnull=False).order_by("-removed_at", "-pk").first()
        actors.add(taken_off.removed_by_id if taken_off else None)
    return actors


def assignments_for_agency(membership):
    """What an agency lead or auditor has been asked to audit, soonest deadline first."""
    agencies = agency_scope(membership)
    return (
        Assignment.objects.current()
        .filter(
            partnership_id=membership.partnership_id,
            agency_id__in=agencies,
            audit_case__removed_at__isnull=True,
            audit_case__audit__stage__in=AGENCY_VISIBLE_STAGES,
        )
        .select_related("agency__parent", "audit_case__case", "audit_case__audit")
        .order_by("audit_case__audit__return_deadline", "audit_case__audit__title", "audit_case__number")
    )


def assignments_for_agency_listed(membership):
    """What the agency is auditing, as its list pages it: open audits first."""
    return open_audits_first(
        assignments_for_agency(membership),
        audit="audit_case__audit",
        then=("audit_case__number", "agency__name", "pk"),
    )


def localities_of(partnership) -> list[str]:
    """The localities of the case lists' cases (a draw's choices)."""
    cases = Case.objects.for_partnership(partnership).filter(from_past_audit=False)
    return sorted(set(cases.order_by().values_list("locality", flat=True).distinct()))


def nominations_waiting(audit) -> int:
    """How many of the audit's nominations wait for the audit lead's decision:
    none once the audit is past the stages at which nominations are decided
    (cancelled, say), as the nominations page then offers nothing to decide."""
    # Not at the top: the services import this module.
    from maca.selection.services import SELECTION_STAGES

    if audit.stage not in SELECTION_STAGES:
        return 0
    return Nomination.objects.filter(
        partnership_id=audit.partnership_id, audit=audit, status=NominationStatus.PENDING
    ).count()


def nominations_to_decide(partnership):
    """The partnership's nominations waiting for a decision, of audits that
    still select their cases (where they can be decided), oldest first."""
    # Not at the top: the services import this module.
    from maca.selection.services import SELECTION_STAGES

    return (
        Nomination.objects.filter(
            partnership_id=partnership.pk, status=NominationStatus.PENDING, audit__stage__in=SELECTION_STAGES
        )
        .select_related("audit", "case", "nominated_by", "nominator_agency__parent")
        .order_by("nominated_at", "id")
    )


def nominated_case(nomination):
    """The audit's current case that an accepted nomination brought in (None otherwise)."""
    if nomination.status != NominationStatus.ACCEPTED or not nomination.case_id:
        return None
    return (
        AuditCase.objects.current()
        .filter(partnership_id=nomination.partnership_id, audit_id=nomination.audit_id, case_id=nomination.case_id)
        .first()
    )
