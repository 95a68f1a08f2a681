"""Which agencies audit each selected case, what taking one off would
withdraw, and the check that every case has an agency before agencies start."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.accounts.models import Membership
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict
from maca.partnerships.models import Agency
from maca.programme.models import Audit
from maca.selection.models import Assignment, AuditCase
from maca.selection.selectors import AGENCY_VISIBLE_STAGES, nominations_waiting
from maca.selection.services._common import ASSIGNMENT_STAGES, _require_stage
from maca.selection.services.emails import _tell_agencies_added, _tell_agencies_taken_off

# Other apps (returns) follow changes to who audits what, in the same transaction.
_assignment_listeners: list = []


def on_assignments_changed(listener) -> None:
    """Register ``listener(audit_case, *, added, removed, actor)``, called whenever
    agencies are added to or removed from a selected case."""
    if listener not in _assignment_listeners:
        _assignment_listeners.append(listener)


def _assignments_changed(audit_case, *, added, removed, actor) -> None:
    for listener in _assignment_listeners:
        listener(audit_case, added=added, removed=removed, actor=actor)


@dataclass(frozen=True)
class WorkAtRisk:
    """Work an agency has done on a case that taking it off the case would put
    aside: "Police has started its return: 5 answers"."""

    agency_id: int
    agency_name: str
    holds: str  # what follows the agency's name

    def __str__(self) -> str:
        return f"{self.agency_name} {self.holds}"


class WithdrawalsToConfirm(Exception):
    """Taking these agencies off the case would withdraw work they have done:
    nothing has been saved; the person is asked first."""

    def __init__(self, at_risk: list[WorkAtRisk]):
        super().__init__("Taking these agencies off the case withdraws work they have done.")
        self.at_risk = at_risk


# Other apps (returns) say what taking agencies off a case would withdraw.
_removal_checks: list = []


def on_removal_checked(listener) -> None:
    """Register ``listener(audit_case, *, agencies) -> list[WorkAtRisk]``: the
    work that taking ``agencies`` off the case would withdraw."""
    if listener not in _removal_checks:
        _removal_checks.append(listener)


def work_at_risk(audit_case, *, agencies) -> list[WorkAtRisk]:
    return [item for listener in _removal_checks for item in listener(audit_case, agencies=agencies)]


@dataclass(frozen=True)
class LeadsTold:
    """Whom saving a case's agencies told by e-mail: nobody before agencies
    audit (the move into 'Agencies auditing' tells every lead then)."""

    of_added: tuple[Membership, ...] = ()  # leads whose "Cases to audit" page now lists the case
    of_removal: tuple[Membership, ...] = ()  # leads whose page no longer lists it
    nobody_leads: tuple[str, ...] = ()  # agencies added that no lead's page lists: nobody was told


class AssignmentsSaved(list):
    """What :func:`assignments_set` returns: the case's current assignments
    (a list of them, as before), and ``told``, whom it told by e-mail."""

    told: LeadsTold = LeadsTold()


def assignments_set(
    *,
    actor,
    audit_case: AuditCase,
    agencies,
    expected_agency_ids: set[int] | None = None,
    confirmed_agency_ids: set[int] | None = None,
) -> AssignmentsSaved:
    """Say which agencies audit a selected case (adds and removes; nothing is deleted).

    ``expected_agency_ids`` is the set the person saw: if someone else changed
    it meanwhile, nothing is saved (taking an agency off withdraws its return,
    so a stale page must never do it silently).

    ``confirmed_agency_ids``: the agencies the person has agreed to take off
    although work of theirs would be withdrawn (a return with answers, say).
    Given, nothing is saved while another agency taken off has such work:
    :class:`WithdrawalsToConfirm` says what, so the person can be asked.

    Returns the case's current assignments, with ``told``: who was e-mailed
    (:class:`LeadsTold`).
    """
    agencies = list(agencies)
    partnership_id = audit_case.partnership_id
    with transaction.atomic():
        # The audit's row first, then the case's: the order the stage move
        # (``programme.services.audit_move``) and a draw take them in, so none
        # waits on another for ever. A move into 'Agencies auditing' waits for
        # this change, and its e-mails count it; or this waits for the move,
        # and reads the stage it left (no change once agencies stop auditing).
        audit = (
            Audit.objects.select_for_update()
            .filter(partnership_id=partnership_id, pk=audit_case.audit_id)
            .select_related("partnership")
            .get()
        )
        _require_stage(audit, ASSIGNMENT_STAGES, "Agencies can be changed")
        audit_case = AuditCase.objects.select_for_update().get(partnership_id=partnership_id, pk=audit_case.pk)
        audit_case.audit, audit_case.partnership = audit, audit.partnership  # as read under the lock
        if any(a.partnership_id != partnership_id for a in agencies):
            raise ValidationError({"agencies": "Choose agencies of this partnership"})
        current = {
            a.agency_id: a
            for a in Assignment.objects.current()
            .filter(partnership_id=partnership_id, audit_case=audit_case)
            .select_related("agency")
        }
        if expected_agency_ids is not None and set(current) != set(expected_agency_ids):
            raise EditConflict(audit_case)
        wanted = {a.pk: a for a in agencies}
        # An agency switched off keeps a case it was given (until someone takes
        # it off) but is given no new one; read as it is now, under its lock,
        # as switching it off takes it.
        # Every agency newly chosen is locked (by id, as agencies are), then read:
        # a filter on is_active would skip one being switched off right now.
        newly = Agency.objects.select_for_update().filter(
            partnership_id=partnership_id, pk__in=wanted.keys() - current.keys()
        )
        switched_off = sorted(agency.name for agency in newly.order_by("pk") if not agency.is_active)
        if switched_off:
            raise ValidationError({"agencies": f"{switched_off[0]} no longer takes part: it cannot be given a case"})
        now = timezone.now()
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        if confirmed_agency_ids is not None and removed:
            at_risk = work_at_risk(audit_case, agencies=[a.agency for a in removed])
            if {item.agency_id for item in at_risk} - set(confirmed_agency_ids):
                raise WithdrawalsToConfirm(at_risk)
        if removed:
            Assignment.objects.filter(partnership_id=partnership_id, pk__in=[a.pk for a in removed]).update(
                removed_at=now, removed_by=actor
            )
            for assignment in removed:
                assignment.removed_at, assignment.removed_by = now, actor
        added = [
            Assignment.objects.create(
                partnership=audit_case.partnership, audit_case=audit_case, agency=wanted[pk], added_by=actor
            )
            for pk in wanted.keys() - current.keys()
        ]
        of_added, of_removal, nobody_leads = [], [], []
        if added or removed:
            _assignments_changed(audit_case, added=added, removed=removed, actor=actor)
            changes = {
                "added": sorted(a.agency.name for a in added),
                "removed": sorted(a.agency.name for a in removed),
            }
            # Agencies were told their cases on entering 'Agencies auditing' (the
            # first stage at which they see them): one added after that is told
            # now, and so is the lead whose page no longer lists a case. Before
            # it, the move tells everyone.
            if audit.stage in AGENCY_VISIBLE_STAGES:
                if added:
                    of_added, nobody_leads = _tell_agencies_added(audit_case, added=added, before=current.keys())
                    changes["leads_told_by_e-mail"] = sorted(lead.user.email for lead in of_added)
                if removed:
                    of_removal = _tell_agencies_taken_off(audit_case, removed=removed, auditing=wanted.keys())
                    changes["leads_told_of_removal_by_e-mail"] = sorted(lead.user.email for lead in of_removal)
            record(
                actor=actor,
                action="assignments.changed",
                partnership=audit_case.partnership,
                target=audit_case,
                changes=changes,
            )
    saved = AssignmentsSaved(Assignment.objects.current().filter(partnership_id=partnership_id, audit_case=audit_case))
    saved.told = LeadsTold(of_added=tuple(of_added), of_removal=tuple(of_removal), nobody_leads=tuple(nobody_leads))
    return saved


def ready_for_agencies(audit: Audit) -> list[str]:
    """Conditions for moving into 'agencies auditing'."""
    problems = []
    current = list(
        AuditCase.objects.current().filter(partnership_id=audit.partnership_id, audit=audit).order_by("number")
    )
    if not current:
        problems.append("Select at least one case.")
    assigned = list(
        Assignment.objects.current()
        .filter(partnership_id=audit.partnership_id, audit_case__in=current)
        .select_related("agency", "audit_case")
        .order_by("audit_case__number", "agency__name")
    )
    # An agency switched off since it was given a case has nobody to audit it:
    # it does not count, and the QA officer is asked to take it off first.
    with_agency = {a.audit_case_id for a in assigned if a.agency.is_active}
    problems += [f"Case {ac.number} has no agency to audit it." for ac in current if ac.pk not in with_agency]
    problems += [
        f"Case {a.audit_case.number}: {a.agency.name} no longer takes part. Take it off the case."
        for a in assigned
        if not a.agency.is_active
    ]
    pending = nominations_waiting(audit)
    if pending:
        problems.append(f"Decide the {pending} nomination{'s' if pending != 1 else ''} still waiting.")
    return problems
