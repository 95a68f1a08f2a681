"""Reading returns, always through what the person may see (maca.returns.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from maca.partnerships.models import Agency
from maca.programme.models import AuditKind
from maca.returns import figures
from maca.returns.access import visible_returns
from maca.returns.chronology_selectors import last_change_of
from maca.returns.models import Reminder, Return, ReturnRevision, ReturnStatus, ReturnTransition


def returns_for(membership):
    return visible_returns(membership).select_related(
        "audit", "audit_case__case", "agency__parent", "tool_version__tool", "updated_by"
    )


def audit_returns(audit) -> list[Return]:
    """Every live return of an audit (for the QA officer's tracking and counts)."""
    return list(
        Return.objects.live()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency")
        .order_by("audit_case__number", "agency__name")
    )


def audit_return_cells(audit) -> list[Return]:
    """The audit's returns as the response grid reads them: each one's
    status, when it was first submitted, its agency and case number, nothing more.
    The grid shows 720 cells for an audit of 60 cases and 12 agencies; loading
    each return's answers (JSON the grid never shows) and its agency again
    (the grid has the partnership's agencies by id) made it slow to draw on
    PostgreSQL.

    Live returns, and each withdrawn one no live return has taken the place
    of (the latest, if several were): the grid says "Withdrawn" in its cell
    and links to it (with its reason), never a dash as if none had been
    asked for. One query."""
    returns = list(
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case")
        .only("status", "first_submitted_at", "audit_case", "agency_id", "audit_case__number")
        .order_by("audit_case__number", "agency__name", "-pk")
    )
    live = [r for r in returns if r.status != ReturnStatus.WITHDRAWN]
    taken = {(r.audit_case_id, r.agency_id) for r in live}
    for r in returns:
        if r.status == ReturnStatus.WITHDRAWN and (r.audit_case_id, r.agency_id) not in taken:
            taken.add((r.audit_case_id, r.agency_id))  # the latest (highest pk) first
            live.append(r)
    return live


def partnership_agencies(partnership_id: int) -> dict[int, Agency]:
    """Every agency of the partnership by id, each with its parent (for naming
    a sub-unit with its agency: ``figures.with_parents``)."""
    return figures.with_parents(Agency.objects.filter(partnership_id=partnership_id).in_bulk())


def _agency_returns(membership):
    """Every return of the person's agency (and its sub-units) they may see,
    withdrawn ones too."""
    from maca.selection.selectors import agency_scope

    return (
        returns_for(membership)
        .filter(agency_id__in=agency_scope(membership))
        .order_by("audit__return_deadline", "audit__title", "audit_case__number")
    )


def my_agency_returns(membership):
    """The agency's live returns: those it is asked for (not withdrawn)."""
    return _agency_returns(membership).exclude(status=ReturnStatus.WITHDRAWN)


def withdrawn_at():
    """When each return was last withdrawn (an annotation: the time of its
    latest move to "withdrawn"; None if never)."""
    return Subquery(
        ReturnTransition.objects.filter(return_record=OuterRef("pk"), to_status=ReturnStatus.WITHDRAWN)
        .order_by("-occurred_at", "-pk")
        .values("occurred_at")[:1]
    )


def withdrawn_at_of(return_record):
    """When the return was withdrawn, if it is (None otherwise)."""
    if return_record.status != ReturnStatus.WITHDRAWN:
        return None
    move = (
        ReturnTransition.objects.filter(return_record=return_record, to_status=ReturnStatus.WITHDRAWN)
        .order_by("-occurred_at", "-pk")
        .first()
    )
    return move.occurred_at if move else None


def my_agency_return_kinds(membership) -> tuple[bool, bool]:
    """Whether the agency's list holds case returns, and whether it holds
    deep dives' summative reports (which are about no one case), over all
    its pages: one query."""
    counts = (
        _agency_returns(membership)
        .order_by()
        .aggregate(
            cases=Count("pk", filter=Q(audit_case__isnull=False)),
            summative=Count("pk", filter=Q(audit_case__isnull=True)),
        )
    )
    return bool(counts["cases"]), bool(counts["summative"])


def my_agency_returns_listed(membership):
    """The agency's returns as its list pages them: open audits first. A
    withdrawn one is listed too, with when (``withdrawn_at``), so that the
    agency is told it is no longer asked for rather than finding it gone."""
    from maca.programme.selectors import open_audits_first

    return open_audits_first(
        _agency_returns(membership).annotate(withdrawn_at=withdrawn_at()),
        then=("audit_case__number", "agency__name", "pk"),
    )


def _returns_wanted(assignments) -> dict[tuple, list[int]]:
    """``{(audit, case or None, agency): [assignment ids]}``: the return each
    listed assignment is answered by, the agency's return for the case or, in
    a deep dive, its one summative return across its cases (case ``None``)."""
    wanted: dict[tuple, list[int]] = {}
    for a in assignments:
        audit = a.audit_case.audit
        case_id = None if audit.kind == AuditKind.DEEP_DIVE else a.audit_case_id
        wanted.setdefault((audit.pk, case_id, a.agency_id), []).append(a.pk)
    return wanted


def _returns_of(returns, assignments, wanted: dict[tuple, list[int]]):
    """``(audit, case, agency, status)`` of the ``returns`` that may answer
    ``wanted`` (``_returns_wanted``), in one query."""
    return (
        returns.filter(
            partnership_id__in={a.partnership_id for a in assignments},
            audit_id__in={audit_id for audit_id, _, _ in wanted},
            agency_id__in={agency_id for _, _, agency_id in wanted},
        )
        .filter(Q(audit_case_id__in={case_id for _, case_id, _ in wanted if case_id}) | Q(audit_case__isnull=True))
        .values_list("audit_id", "audit_case_id", "agency_id", "status")
    )


def late_assignments(*, assignments, today) -> set[int]:
    """Which of the listed assignments (the agency's "Cases to audit",
    ``selection.extensions``) have a late return, by ``figures.is_late``: the
    agency's live return for the case or, in a deep dive, its one summative
    return across its cases. One query for the page, whatever its length;
    ``assignments`` come with their case's audit."""
    wanted = _returns_wanted(assignments)
    if not wanted:
        return set()
    audits = {a.audit_case.audit_id: a.audit_case.audit for a in assignments}
    returns = _returns_of(Return.objects.live(), assignments, wanted)
    late: set[int] = set()
    for audit_id, case_id, agency_id, status in returns:
        if figures.is_late(status, audits[audit_id].return_deadline, today):
            late.update(wanted.get((audit_id, case_id, agency_id), ()))
    return late


def submitted_late_assignments(*, assignments) -> dict[int, object]:
    """Which of the listed assignments (the agency's "Cases to audit",
    ``selection.extensions``) have a return in that was submitted late
    (``figures.submitted_late``), with when it was first submitted. One query for
    the page; ``assignments`` come with their case's audit."""
    wanted = _returns_wanted(assignments)
    if not wanted:
        return {}
    audits = {a.audit_case.audit_id: a.audit_case.audit for a in assignments}
    returns = _returns_of(Return.objects.live(), assignments, wanted).values_list(
        "audit_id", "audit_case_id", "agency_id", "status", "first_submitted_at"
    )
    found: dict[int, object] = {}
    for audit_id, case_id, agency_id, status, first_submitted_at in returns:
        if figures.submitted_late(status, first_submitted_at, audits[audit_id].return_deadline):
            found.update(dict.fromkeys(wanted.get((audit_id, case_id, agency_id), ()), first_submitted_at))
    return found


def withdrawn_assignments(*, assignments) -> set[int]:
    """Which of the listed assignments (the agency's "Cases to audit",
    ``selection.extensions``) have their return withdrawn, and no live one
    asked for in its place: the agency's return for the case or, in a deep
    dive, its one summative return across its cases. One query for the page;
    ``assignments`` come with their case's audit."""
    wanted = _returns_wanted(assignments)
    if not wanted:
        return set()
    returns = _returns_of(Return.objects.all(), assignments, wanted)
    withdrawn, live = set(), set()
    for audit_id, case_id, agency_id, status in returns:
        (withdrawn if status == ReturnStatus.WITHDRAWN else live).add((audit_id, case_id, agency_id))
    return {pk for key in withdrawn - live for pk in wanted.get(key, ())}


def transitions_of(return_record):
    return ReturnTransition.objects.filter(return_record=return_record).select_related("actor")


def revisions_of(return_record):
    return ReturnRevision.objects.filter(return_record=return_record).select_related("actor").order_by("version")


@dataclass(frozen=True)
class LastSave:
    """When a return was last saved, and by whom (None: maca)."""

    saved_at: dt.datetime
    actor: object | None


def last_save_of(return_record) -> LastSave | None:
    """The return's last save, the one definition of its "Last saved": the
    latest save of its answers or change to its chronology (an entry added,
    changed, removed, or entries uploaded), with who made it; None if nobody
    has saved either. Sending back, accepting or withdrawing changes neither,
    so none is a save."""
    revision = (
        ReturnRevision.objects.filter(return_record=return_record).select_related("actor").order_by("-version").first()
    )
    saves = [LastSave(revision.saved_at, revision.actor)] if revision else []
    if (change := last_change_of(return_record)) is not None:
        saves.append(LastSave(change.occurred_at, change.actor))
    return max(saves, key=lambda save: save.saved_at, default=None)


def saves_since(return_record, version: int) -> list[ReturnRevision]:
    """The saves of answers after ``version``, oldest first, with who made each."""
    return list(
        ReturnRevision.objects.filter(partnership_id=return_record.partnership_id, return_record=return_record)
        .filter(version__gt=version)
        .select_related("actor")
        .order_by("version")
    )


def last_move_of(return_record) -> ReturnTransition | None:
    """The latest change of state (submitted, sent back, withdrawn, brought
    back...), which moves the version on without a save of answers; None if
    none. Not the move out of "not started", which is part of the first save."""
    return (
        ReturnTransition.objects.filter(return_record=return_record)
        .exclude(from_status=ReturnStatus.NOT_STARTED, to_status=ReturnStatus.DRAFT)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
        .first()
    )


def reminders_for(audit):
    return Reminder.objects.filter(partnership_id=audit.partnership_id, audit=audit).select_related(
        "agency__parent", "sent_by"
    )


def returns_of_audits(partnership_id: int, audit_ids) -> list[Return]:
    """Every live return of several audits at once (for the progress of a year)."""
    return list(
        Return.objects.live()
        .filter(partnership_id=partnership_id, audit_id__in=list(audit_ids))
        .select_related("audit_case", "agency")
        .order_by("audit_id", "audit_case__number", "agency__name")
    )


def send_backs():
    """Every send-back: only a move from "submitted" to "sent back" is one
    (see :func:`send_back_of`)."""
    return ReturnTransition.objects.filter(from_status=ReturnStatus.SUBMITTED, to_status=ReturnStatus.RETURNED)


def send_back_of(return_record) -> ReturnTransition | None:
    """The QA officer's send-back (with its comment) while the return is still
    sent back; None once it has been resubmitted, or if it never was.

    Only a move from "submitted" is a send-back: a return withdrawn while sent
    back and brought back when its agency is ticked again also moves to "sent
    back", with maca's reason, not the QA officer's."""
    if return_record.status != ReturnStatus.RETURNED:
        return None
    return (
        send_backs().filter(return_record=return_record).select_related("actor").order_by("-occurred_at", "-pk").first()
    )


def last_send_back_of(return_record) -> ReturnTransition | None:
    """The latest send-back of the return (see :func:`send_back_of`), whatever
    its status now: for the review of a return submitted again."""
    return (
        send_backs().filter(return_record=return_record).select_related("actor").order_by("-occurred_at", "-pk").first()
    )
