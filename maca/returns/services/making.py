"""Making returns: one per case per agency assigned when agencies start
auditing (one per agency in a deep dive); then following the agencies ticked
on a case while auditing (a return made, or brought back, or withdrawn, and
what that would withdraw, asked first) and the tool's newly published version
(returns nobody has started move onto it)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version
from maca.core.presenters import counted
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, AuditKind, Stage
from maca.returns.models import Return, ReturnRevision, ReturnStatus
from maca.returns.services._common import _transition, published_version
from maca.selection.models import Assignment
from maca.selection.services import WorkAtRisk
from maca.tools.models import AuditTool, ToolVersion


def _hold_tool(audit: Audit) -> None:
    """Lock the audit's tool as publishing a version locks it
    (``tools.services.version_publish``), before reading its published version
    to make returns on: a version being published meanwhile is then either
    seen here, or published after these returns exist, and moves those nobody
    has started onto it. Taken after the audit's row, as the stage move and a
    change of agencies hold it; publishing takes no audit's row."""
    if audit.tool_id is not None:
        AuditTool.objects.select_for_update().get(partnership_id=audit.partnership_id, pk=audit.tool_id)


def returns_follow_published_version(version: ToolVersion, *, actor) -> dict:
    """When a version of a tool is published: the tool's returns nobody has
    started (not started, no answer ever saved) in audits still open use it
    from now on; returns already started keep the version they began with. Runs inside the
    publishing (``tools.services.register_on_published``), whose audit record
    says how many moved. Each moved return's ``version`` goes up, so a page
    opened on the old questions cannot save over the new ones unawares."""
    moved = (
        Return.objects.filter(
            partnership_id=version.partnership_id,
            tool_version__tool_id=version.tool_id,
            status=ReturnStatus.NOT_STARTED,
            answers={},
        )
        .exclude(tool_version=version)
        .exclude(audit__stage__in=[Stage.CLOSED, Stage.CANCELLED])
        .exclude(Exists(ReturnRevision.objects.filter(return_record=OuterRef("pk"))))
        .update(tool_version=version, version=F("version") + 1, updated_at=timezone.now())
    )
    return {"returns_moved": moved}


def _new_return(*, audit: Audit, audit_case, agency, version: ToolVersion) -> Return:
    return Return.objects.create(
        partnership_id=audit.partnership_id,
        audit=audit,
        audit_case=audit_case,
        agency=agency,
        tool_version=version,
    )


def returns_create_for_audit(audit: Audit, *, actor) -> list[Return]:
    """When agencies start auditing: one return per case per agency assigned
    (or, for a deep dive, one per agency). Runs inside the stage move."""
    _hold_tool(audit)
    version = published_version(audit)
    assignments = (
        Assignment.objects.current()
        .filter(audit_case__audit=audit, audit_case__removed_at__isnull=True)
        .select_related("audit_case", "agency")
    )
    existing = set(Return.objects.live().filter(audit=audit).values_list("audit_case_id", "agency_id"))
    created = []
    if audit.kind == AuditKind.DEEP_DIVE:
        agencies = {a.agency_id: a.agency for a in assignments}
        for agency_id, agency in sorted(agencies.items(), key=lambda item: item[1].name):
            if (None, agency_id) not in existing:
                created.append(_new_return(audit=audit, audit_case=None, agency=agency, version=version))
    else:
        for assignment in assignments:
            if (assignment.audit_case_id, assignment.agency_id) not in existing:
                created.append(
                    _new_return(
                        audit=audit, audit_case=assignment.audit_case, agency=assignment.agency, version=version
                    )
                )
    record(
        actor=actor,
        action="returns.created",
        partnership=audit.partnership,
        target=audit,
        changes={"returns": len(created), "tool_version": version.pk},
    )
    return created


# Why a return is withdrawn when its agency is taken off the case; ticking the
# agency again for the same case brings such a return back (never another blank one).
# In a deep dive: taken off its last case of the audit; ticked again for any of them.
NO_LONGER_AUDITING = "The agency is no longer auditing this case."
# A deep dive's summative report is withdrawn when its agency is taken off its last case.
NO_LONGER_AUDITING_ANY = "The agency no longer audits any case of this audit."


def _no_longer_auditing(audit) -> str:
    return NO_LONGER_AUDITING_ANY if audit.kind == AuditKind.DEEP_DIVE else NO_LONGER_AUDITING


AUDITING_AGAIN = "The agency is auditing this case again."
AUDITING_AGAIN_ANY = "The agency audits a case of this audit again."


def _auditing_again(return_record: Return) -> str:
    return AUDITING_AGAIN if return_record.audit_case_id else AUDITING_AGAIN_ANY


def _follows_assignments(audit: Audit) -> bool:
    return audit.stage in (Stage.AUDITING, Stage.MEETING)


def _returns_of(audit_case) -> dict:
    """Which of the audit's returns follow an agency on this case: its return
    for the case; in a deep dive, its one summative return across its cases."""
    if audit_case.audit.kind == AuditKind.DEEP_DIVE:
        return {"audit": audit_case.audit, "audit_case__isnull": True}
    return {"audit_case": audit_case}


def _live_returns_taken_off(audit_case, *, agencies):
    """The live returns that taking ``agencies`` off the case withdraws: their
    returns for the case; in a deep dive, the summative return of each agency
    that audits no other case of the audit."""
    returns = Return.objects.live().filter(**_returns_of(audit_case), agency__in=list(agencies))
    if audit_case.audit.kind != AuditKind.DEEP_DIVE:
        return returns
    other_cases = (
        Assignment.objects.current()
        .filter(audit_case__audit=audit_case.audit, audit_case__removed_at__isnull=True)
        .exclude(audit_case=audit_case)
    )
    return returns.exclude(agency__in=other_cases.values("agency_id"))


def answered_count(answers: dict) -> int:
    return sum(1 for value in (answers or {}).values() if value not in (None, "", []))


def work_at_risk(audit_case, *, agencies) -> list[WorkAtRisk]:
    """What taking ``agencies`` off the case would withdraw that is more than a
    blank return: answers, chronology entries, or a submission. Asked by the
    agencies page before it saves, so that the QA officer confirms first. In a
    deep dive, only the summative return of an agency taken off its last case."""
    if not _follows_assignments(audit_case.audit):
        return []
    live = (
        _live_returns_taken_off(audit_case, agencies=agencies)
        .select_related("agency__parent")
        .annotate(entries=Count("chronology", filter=Q(chronology__removed_at__isnull=True)))
        .order_by("agency__name")
    )
    at_risk = []
    for return_record in live:
        answers = answered_count(return_record.answers)
        done = return_record.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
        if not (answers or return_record.entries or done):
            continue
        held = [counted(answers, "answer")] if answers or not return_record.entries else []
        if return_record.entries:
            held.append(counted(return_record.entries, "chronology entry", "chronology entries"))
        at_risk.append(
            WorkAtRisk(
                agency_id=return_record.agency_id,
                agency_name=agency_name(return_record.agency),
                holds=_RETURN_STATES.get(return_record.status, "has started its {called}").format(
                    called=return_record.kind_name
                )
                + f": {' and '.join(held)}",
            )
        )
    return at_risk


# What an agency has done with its return, by its state ("{called}": what it is, ``Return.kind_name``).
_RETURN_STATES = {
    ReturnStatus.SUBMITTED: "has submitted its {called}",
    ReturnStatus.ACCEPTED: "has had its {called} accepted",
    ReturnStatus.RETURNED: "has a {called} sent back to it for changes",
}


def _bring_back(return_record: Return, *, actor) -> None:
    """A return withdrawn because its agency was taken off the case, live again
    with its answers and chronology, in the state it was in before."""
    withdrawal = (
        return_record.transitions.filter(to_status=ReturnStatus.WITHDRAWN).order_by("-occurred_at", "-pk").first()
    )
    before = withdrawal.from_status if withdrawal else ReturnStatus.DRAFT
    if before == ReturnStatus.WITHDRAWN:
        before = ReturnStatus.DRAFT
    _transition(return_record, before, actor=actor, comment=_auditing_again(return_record))
    return_record.withdrawn_reason = ""
    bump_version(return_record)
    return_record.save(update_fields=["status", "withdrawn_reason", "version", "updated_at"])
    record(
        actor=actor,
        action="return.brought_back",
        partnership=return_record.audit.partnership,
        target=return_record,
        changes={
            "agency": return_record.agency.name,
            "status": before,
            "answers": answered_count(return_record.answers),
        },
    )


def follow_assignment_changes(audit_case, *, added, removed, actor) -> None:
    """Agencies added to a case while auditing get a return (the one they had,
    if they were taken off the case and are now ticked again); agencies taken
    off have theirs withdrawn, with the reason. In a deep dive the return is the
    agency's one summative return: an agency given its first case of the audit
    gets it, and one taken off its last case has it withdrawn."""
    audit = audit_case.audit
    if not _follows_assignments(audit):
        return
    _hold_tool(audit)
    version = published_version(audit)
    for assignment in added:
        if Return.objects.live().filter(**_returns_of(audit_case), agency=assignment.agency).exists():
            continue
        earlier = (
            Return.objects.select_for_update()
            .filter(
                **_returns_of(audit_case),
                agency=assignment.agency,
                status=ReturnStatus.WITHDRAWN,
                # Either words: a summative report withdrawn before they were its own is brought back too.
                withdrawn_reason__in=(NO_LONGER_AUDITING, NO_LONGER_AUDITING_ANY),
            )
            .order_by("-updated_at", "-pk")
            .first()
        )
        if earlier is not None:
            _bring_back(earlier, actor=actor)
            continue
        created = _new_return(
            audit=audit,
            audit_case=None if audit.kind == AuditKind.DEEP_DIVE else audit_case,
            agency=assignment.agency,
            version=version,
        )
        record(
            actor=actor,
            action="return.created",
            partnership=audit.partnership,
            target=created,
            changes={"agency": assignment.agency.name, "tool_version": version.pk},
        )
    if not removed:
        return
    # Locked (by primary key, no other table), so that a save being made at the
    # same moment is not overwritten. In a deep dive, an agency that still audits
    # another of the audit's cases keeps its summative return.
    live = (
        _live_returns_taken_off(audit_case, agencies=[a.agency for a in removed])
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    reason = _no_longer_auditing(audit)
    for return_record in live:
        _transition(return_record, ReturnStatus.WITHDRAWN, actor=actor, comment=reason)
        return_record.withdrawn_reason = reason
        bump_version(return_record)
        return_record.save(update_fields=["status", "withdrawn_reason", "version", "updated_at"])
        record(
            actor=actor,
            action="return.withdrawn",
            partnership=audit.partnership,
            target=return_record,
            changes={"reason": return_record.withdrawn_reason},
        )
