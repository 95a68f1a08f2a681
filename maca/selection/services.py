"""Selecting cases for an audit: nominations, random stratified draws, and the
agencies asked to audit each case. Each function runs in one transaction and
writes its audit record in it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.dimensions import SAMPLING_FIELDS
from maca.cases.models import Case, Flag
from maca.core.concurrency import EditConflict
from maca.core.presenters import and_list, counted, time_of_day
from maca.notifications.services import send_email
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, AuditKind, Stage
from maca.selection import sampling
from maca.selection.models import Assignment, AuditCase, Draw, Nomination, NominationStatus, SelectionSource
from maca.selection.presenters import audits_named, flag_names, stages_named
from maca.selection.selectors import AGENCY_VISIBLE_STAGES, agency_leads, nominations_waiting

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


# The stages at which each part of the selection can be done (the pages name
# them from here: ``presenters.stages_named``).
SELECTION_STAGES = (Stage.PLANNED, Stage.SELECTING)
DRAW_STAGES = (Stage.SELECTING,)
# Shown for every draw, balanced or not, so the QA officer sees the whole picture.
OVERVIEW_DIMENSIONS = ["age_band", "sex", "ethnicity", "disability", "service_level", "locality"]
ASSIGNMENT_STAGES = (Stage.PLANNED, Stage.SELECTING, Stage.AUDITING)


def _require_stage(audit: Audit, allowed, what: str) -> None:
    if audit.stage not in allowed:
        raise ValidationError(
            f"{what} only while the audit is at {stages_named(allowed)}; it is at ‘{Stage(audit.stage).label}’."
        )


def _renumber(audit: Audit) -> None:
    """Keep 'Case 1..n' without gaps while the selection can still change:
    nominated cases first, then drawn ones, in the order they were added."""
    current = list(AuditCase.objects.current().filter(audit=audit).order_by("source", "added_at", "id"))
    current.sort(key=lambda ac: (ac.source != SelectionSource.NOMINATED, ac.added_at, ac.pk))
    for number, audit_case in enumerate(current, start=1):
        if audit_case.number != number:
            audit_case.number = number
            audit_case.save(update_fields=["number"])


def _add_case(*, actor, audit: Audit, case: Case, source: str, draw=None, nomination=None) -> AuditCase:
    next_number = (AuditCase.objects.filter(audit=audit).aggregate(n=Max("number"))["n"] or 0) + 1
    audit_case = AuditCase.objects.create(
        partnership=audit.partnership,
        audit=audit,
        case=case,
        number=next_number,
        source=source,
        draw=draw,
        nomination=nomination,
        added_by=actor,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                partnership=audit.partnership, audit_case=audit_case, agency=agency, from_import=True, added_by=actor
            )
            for agency in case.agencies.filter(is_active=True)
        ]
    )
    return audit_case


# Nominations ------------------------------------------------------------------------------


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
        _require_stage(audit, SELECTION_STAGES, "Cases can be nominated")
        if not reference:
            raise ValidationError({"case_reference": "Enter the case reference"})
        case = Case.objects.for_partnership(audit.partnership).filter(reference__iexact=reference).first()
        if can_see_pool:
            if case is None:
                raise ValidationError(
                    {
                        "case_reference": f"There is no case with the reference ‘{reference}’ in the "
                        "case list. Check the reference, or import the latest case "
                        "list first."
                    }
                )
            if AuditCase.objects.current().filter(audit=audit, case=case).exists():
                raise ValidationError({"case_reference": "This case is already selected for the audit"})
            if Nomination.objects.filter(audit=audit, case=case, status=NominationStatus.PENDING).exists():
                raise ValidationError(
                    {"case_reference": "This case has already been nominated and is waiting for a decision"}
                )
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
            reason=reason.strip(),
        )
        record(
            actor=actor,
            action="nomination.created",
            partnership=audit.partnership,
            target=nomination,
            changes={"audit": audit.pk, "case_reference": reference, "in_case_list": case is not None},
        )
    return nomination


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


def nomination_decide(*, actor, nomination: Nomination, accept: bool, reason: str = "") -> Nomination:
    """The audit lead accepts (the case joins the audit) or declines a nomination."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        audit = nomination.audit
        _require_stage(audit, SELECTION_STAGES, "Nominations can be decided")
        if nomination.status != NominationStatus.PENDING:
            raise ValidationError("This nomination has already been decided.")
        if accept and nomination.case_id is None:
            raise ValidationError({"decision": "There is no case with this reference in the case list: decline it"})
        if not accept and not reason.strip():
            raise ValidationError({"reason": "Enter why the nomination is declined"})
        nomination.status = NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
        nomination.decided_by = actor
        nomination.decided_at = timezone.now()
        nomination.decision_reason = reason.strip()
        if nomination.case_id:
            nomination.case_reference = nomination.case.reference  # as the case list has it
        nomination.save()
        if accept and not AuditCase.objects.current().filter(audit=audit, case=nomination.case).exists():
            _add_case(
                actor=actor, audit=audit, case=nomination.case, source=SelectionSource.NOMINATED, nomination=nomination
            )
            _renumber(audit)
        # The reason stays on the nomination; the log says only that one was given.
        record(
            actor=actor,
            action=f"nomination.{nomination.status}",
            partnership=audit.partnership,
            target=nomination,
            changes={"case_reference": nomination.case_reference, "reason_given": bool(nomination.decision_reason)},
        )
    return nomination


# Random stratified draws ------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilter:
    """Which cases of the pool may be drawn."""

    open_within_months: int | None = 6
    service_levels: tuple[str, ...] = ()
    localities: tuple[str, ...] = ()
    exclude_audited_within_months: int | None = 12
    # Only cases with at least one of these flags (a themed audit's cases): empty, any case.
    flags: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "open_within_months": self.open_within_months,
            "service_levels": list(self.service_levels),
            "localities": list(self.localities),
            "exclude_audited_within_months": self.exclude_audited_within_months,
            "flags": list(self.flags),
        }


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, 28))


@dataclass
class Pool:
    rows: list[dict]
    nominated: list[dict]
    exclusions: dict[str, int] = field(default_factory=dict)


def pool_rows(cases) -> list[dict]:
    """The cases' ``SAMPLING_FIELDS``, in the order of the case reference.

    Each case's flags are read as their JSON text and decoded once for each
    different text: a list of 100,000 cases holds a few hundred different sets
    of flags, and decoding every row's took a third of a draw. The decoded
    lists are shared between the rows that have the same flags, so they are
    tuples, which nothing can change for one row and not the others."""
    fields = [name for name in SAMPLING_FIELDS if name != "flags"]
    rows = list(
        cases.annotate(flags_text=Cast("flags", output_field=TextField()))
        .values(*fields, "flags_text")
        .order_by("reference")
    )
    decoded: dict[str | None, tuple[str, ...]] = {None: ()}
    for row in rows:
        text = row.pop("flags_text")
        flags = decoded.get(text)
        if flags is None:
            flags = decoded[text] = tuple(json.loads(text) or ())
        row["flags"] = flags
    return rows


def eligible_pool(audit: Audit, pool_filter: PoolFilter, *, on: dt.date) -> Pool:
    """The cases a draw may pick from, the nominated cases already in, and what
    was left out and why (with counts, for the record).

    Rows are in the order of the case reference from the list, never of database
    ids, so that the same list, seed and choices give the same sample wherever
    the list was imported (ADR 0006)."""
    cases = Case.objects.for_partnership(audit.partnership)
    exclusions: dict[str, int] = {}
    total = cases.count()
    # A case whose children all moved to other cases stays, for its history, but
    # is no longer a family in the case list.
    emptied = cases.filter(children_count=0).count()
    if emptied:
        exclusions["with no children left in the case list"] = emptied
        total -= emptied
    cases = cases.filter(children_count__gt=0)
    if pool_filter.open_within_months:
        since = _months_before(on, pool_filter.open_within_months)
        cases = cases.filter(open_date__isnull=False, open_date__lte=on).filter(
            Q(closed_date__isnull=True) | Q(closed_date__gte=since)
        )
    if pool_filter.service_levels:
        cases = cases.filter(service_level__in=pool_filter.service_levels)
    if pool_filter.localities:
        cases = cases.filter(locality__in=pool_filter.localities)
    rows = pool_rows(cases)
    exclusions["outside the pool filter"] = total - len(rows)
    if pool_filter.flags:
        # Flags are a list in each case's row: kept here, the same on every database.
        wanted = set(pool_filter.flags)
        before = len(rows)
        rows = [row for row in rows if wanted & set(row["flags"] or [])]
        exclusions[f"not flagged {flag_names(pool_filter.flags, joiner='or')}"] = before - len(rows)

    in_audit = AuditCase.objects.current().filter(audit=audit)
    nominated_ids = set(in_audit.filter(source=SelectionSource.NOMINATED).values_list("case_id", flat=True))
    nominated = [row for row in rows if row["id"] in nominated_ids]
    # Nominated cases outside the filter still count towards their strata.
    missing = nominated_ids - {row["id"] for row in nominated}
    if missing:
        nominated += pool_rows(Case.objects.filter(pk__in=missing))
    rows = [row for row in rows if row["id"] not in nominated_ids]

    if pool_filter.exclude_audited_within_months:
        since = timezone.now() - dt.timedelta(days=round(pool_filter.exclude_audited_within_months * 30.44))
        recent = set(
            AuditCase.objects.current()
            .filter(partnership=audit.partnership, added_at__gte=since)
            .exclude(audit=audit)
            .exclude(audit__stage=Stage.CANCELLED)
            .values_list("case_id", flat=True)
        )
        before = len(rows)
        rows = [row for row in rows if row["id"] not in recent]
        exclusions[f"audited in the last {pool_filter.exclude_audited_within_months} months"] = before - len(rows)
    return Pool(rows=rows, nominated=nominated, exclusions=exclusions)


def theme_flags(audit: Audit, draw: Draw | None = None) -> list[str]:
    """The flags a themed audit is about: those its title names ("Exploitation
    of teenagers"), and those its draw was limited to or balanced on. (Not the
    theme's sentence: it often names what the audit is not about.)"""
    if audit.kind != AuditKind.THEMED:
        return []
    words = audit.title.casefold()
    found = set()
    for flag in Flag:
        names = {flag.label.casefold(), flag.value.replace("_", " "), *flag.label.casefold().split(" or ")}
        if any(re.search(rf"\b{re.escape(name)}\b", words) for name in names):
            found.add(flag.value)
    if draw is not None:
        found.update((draw.pool_filter or {}).get("flags") or [])
        found.update(key.removeprefix("flag:") for key in draw.dimensions if key.startswith("flag:"))
    return [flag.value for flag in Flag if flag.value in found]


def missing_theme_flags(audit: Audit, draw: Draw | None = None) -> list[str]:
    """The audit's theme flags that no case in its sample carries: a themed
    audit whose sample holds no case of its theme is warned about."""
    wanted = theme_flags(audit, draw)
    if not wanted:
        return []
    case_ids = AuditCase.objects.current().filter(audit=audit).values_list("case_id", flat=True)
    if not case_ids:
        return []
    present = set()
    for flags in Case.objects.filter(pk__in=case_ids).values_list("flags", flat=True):
        present.update(flags or [])
    return [flag for flag in wanted if flag not in present]


class DrawReplaced(ValidationError):
    """Someone else drew a sample for the audit after the person's page was drawn."""

    def __init__(self, current: Draw):
        self.current = current
        who = current.drawn_by.full_name if current.drawn_by else "Someone"
        when = time_of_day(timezone.localtime(current.drawn_at))
        super().__init__(
            f"{who} drew a sample for this audit while you were choosing (at {when}), so yours has not "
            "been drawn. Look at their sample first: drawing again now would replace it."
        )


ANY_DRAW = "any"


def draw_make(
    *,
    actor,
    audit: Audit,
    size: int,
    dimensions: list[str],
    allocation: str,
    pool_filter: PoolFilter,
    seed: int | None = None,
    on: dt.date | None = None,
    replacing: int | str | None = ANY_DRAW,
) -> Draw:
    """Draw a random sample balanced on ``dimensions``; replaces an earlier draw.

    ``replacing`` is the draw the person saw (``None``: no draw yet). If another
    draw has been made since, nothing is drawn and :class:`DrawReplaced` says
    who drew it: two officers drawing at once must not silently replace each
    other's sample. The command line passes ``ANY_DRAW``.

    Nominated cases stay and count towards their strata. A draw can be redrawn
    only while the audit is selecting cases: once agencies are auditing, the
    sample is fixed.
    """
    on = on or timezone.localdate()
    seed = sampling.new_seed() if seed is None else seed
    with transaction.atomic():
        # The audit's row lock orders two draws: the second sees the first's draw.
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _require_stage(audit, DRAW_STAGES, "A sample can be drawn")
        if replacing != ANY_DRAW:
            current = Draw.objects.filter(audit=audit, superseded_at__isnull=True).select_related("drawn_by").first()
            if (current.pk if current else None) != replacing:
                raise DrawReplaced(current)
        pool = eligible_pool(audit, pool_filter, on=on)
        try:
            result = sampling.draw_sample(
                pool=pool.rows,
                size=size,
                dimensions=dimensions,
                allocation=allocation,
                seed=seed,
                on=on,
                nominated=pool.nominated,
            )
        except sampling.SamplingError as error:
            raise ValidationError(str(error)) from error
        # The page shows pool against sample on every dimension, not only the balanced ones.
        chosen = set(result.selected_ids)
        sample_rows = pool.nominated + [row for row in pool.rows if row["id"] in chosen]
        others = [key for key in OVERVIEW_DIMENSIONS if key not in dimensions]
        balance = [*result.balance, *sampling.balance_table(pool.rows + pool.nominated, sample_rows, others, on)]

        previous = Draw.objects.filter(audit=audit, superseded_at__isnull=True).first()
        if previous is not None:
            now = timezone.now()
            previous.superseded_at = now
            previous.superseded_reason = "Redrawn"
            previous.save(update_fields=["superseded_at", "superseded_reason"])
            removed = AuditCase.objects.current().filter(audit=audit, draw=previous)
            Assignment.objects.current().filter(audit_case__in=removed).update(removed_at=now, removed_by=actor)
            removed.update(removed_at=now, removed_by=actor, removed_reason="Replaced by a new draw")

        draw = Draw.objects.create(
            partnership=audit.partnership,
            audit=audit,
            drawn_by=actor,
            seed=seed,
            size=size,
            dimensions=list(dimensions),
            allocation=allocation,
            pool_filter=pool_filter.as_dict(),
            exclusions=pool.exclusions,
            pool_size=len(pool.rows) + len(pool.nominated),
            balance=balance,
            selected_case_ids=list(result.selected_ids),
        )
        cases = Case.objects.in_bulk(result.selected_ids)
        for case_id in result.selected_ids:
            _add_case(actor=actor, audit=audit, case=cases[case_id], source=SelectionSource.DRAWN, draw=draw)
        _renumber(audit)
        record(
            actor=actor,
            action="draw.made",
            partnership=audit.partnership,
            target=draw,
            changes={
                "audit": audit.pk,
                "seed": seed,
                "size": size,
                "dimensions": list(dimensions),
                "allocation": allocation,
                "pool_filter": pool_filter.as_dict(),
                "pool_size": draw.pool_size,
                "selected": len(result.selected_ids),
                "replaced_draw": previous.pk if previous else None,
            },
        )
    return draw


def audit_case_remove(*, actor, audit_case: AuditCase, reason: str) -> AuditCase:
    """Take a case out of an audit before agencies start. Its row stays, with why."""
    with transaction.atomic():
        audit_case = AuditCase.objects.select_for_update().get(pk=audit_case.pk)
        _require_stage(audit_case.audit, SELECTION_STAGES, "Cases can be removed")
        if audit_case.removed_at:
            raise ValidationError("This case has already been removed.")
        if not reason.strip():
            raise ValidationError({"reason": "Enter why the case is being removed"})
        now = timezone.now()
        audit_case.removed_at, audit_case.removed_by, audit_case.removed_reason = now, actor, reason.strip()
        audit_case.save(update_fields=["removed_at", "removed_by", "removed_reason"])
        Assignment.objects.current().filter(audit_case=audit_case).update(removed_at=now, removed_by=actor)
        _renumber(audit_case.audit)
        record(
            actor=actor,
            action="audit_case.removed",
            partnership=audit_case.partnership,
            target=audit_case,
            changes={"case": audit_case.case.reference, "reason_given": True},
        )
    return audit_case


# Agencies ---------------------------------------------------------------------------------


def assignments_set(
    *,
    actor,
    audit_case: AuditCase,
    agencies,
    expected_agency_ids: set[int] | None = None,
    confirmed_agency_ids: set[int] | None = None,
) -> list[Assignment]:
    """Say which agencies audit a selected case (adds and removes; nothing is deleted).

    ``expected_agency_ids`` is the set the person saw: if someone else changed
    it meanwhile, nothing is saved (taking an agency off withdraws its return,
    so a stale page must never do it silently).

    ``confirmed_agency_ids``: the agencies the person has agreed to take off
    although work of theirs would be withdrawn (a return with answers, say).
    Given, nothing is saved while another agency taken off has such work:
    :class:`WithdrawalsToConfirm` says what, so the person can be asked.
    """
    agencies = list(agencies)
    with transaction.atomic():
        audit_case = AuditCase.objects.select_for_update().get(pk=audit_case.pk)
        _require_stage(audit_case.audit, ASSIGNMENT_STAGES, "Agencies can be changed")
        if any(a.partnership_id != audit_case.partnership_id for a in agencies):
            raise ValidationError({"agencies": "Choose agencies of this partnership"})
        current = {a.agency_id: a for a in Assignment.objects.current().filter(audit_case=audit_case)}
        if expected_agency_ids is not None and set(current) != set(expected_agency_ids):
            raise EditConflict(audit_case)
        wanted = {a.pk: a for a in agencies}
        now = timezone.now()
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        if confirmed_agency_ids is not None and removed:
            at_risk = work_at_risk(audit_case, agencies=[a.agency for a in removed])
            if {item.agency_id for item in at_risk} - set(confirmed_agency_ids):
                raise WithdrawalsToConfirm(at_risk)
        for assignment in removed:
            assignment.removed_at, assignment.removed_by = now, actor
            assignment.save(update_fields=["removed_at", "removed_by"])
        added = [
            Assignment.objects.create(
                partnership=audit_case.partnership, audit_case=audit_case, agency=wanted[pk], added_by=actor
            )
            for pk in wanted.keys() - current.keys()
        ]
        if added or removed:
            _assignments_changed(audit_case, added=added, removed=removed, actor=actor)
            changes = {
                "added": sorted(a.agency.name for a in added),
                "removed": sorted(a.agency.name for a in removed),
            }
            # Agencies were told their cases on entering 'Agencies auditing' (the
            # first stage at which they see them): one added after that is told
            # now. Before it, the move tells everyone.
            if added and audit_case.audit.stage in AGENCY_VISIBLE_STAGES:
                changes["leads_told_by_e-mail"] = _tell_agencies_added(audit_case, added=added)
            record(
                actor=actor,
                action="assignments.changed",
                partnership=audit_case.partnership,
                target=audit_case,
                changes=changes,
            )
    return list(Assignment.objects.current().filter(audit_case=audit_case))


# Checks and actions when the audit moves on ------------------------------------------------


def ready_for_agencies(audit: Audit) -> list[str]:
    """Conditions for moving into 'agencies auditing'."""
    problems = []
    current = list(AuditCase.objects.current().filter(audit=audit).order_by("number"))
    if not current:
        problems.append("Select at least one case.")
    with_agency = set(
        Assignment.objects.current().filter(audit_case__in=current).values_list("audit_case_id", flat=True)
    )
    problems += [f"Case {ac.number} has no agency to audit it." for ac in current if ac.pk not in with_agency]
    pending = nominations_waiting(audit)
    if pending:
        problems.append(f"Decide the {pending} nomination{'s' if pending != 1 else ''} still waiting.")
    return problems


def tell_agencies_their_cases(audit: Audit, *, actor) -> None:
    """When agencies start auditing, each involved agency's leads get an e-mail.

    Each lead is told the number of the audit's cases their "Cases to audit"
    page lists (``selectors.agency_scope``: their agency and its sub-units, a
    case counted once however many of them audit it), so a GP practice's
    cases reach the care board's lead, counted as that page counts them, and
    named as that page names them. The agency tree is read once for every lead."""
    assigned: dict[int, set[int]] = {}
    assignments = Assignment.objects.current().filter(audit_case__audit=audit, audit_case__removed_at__isnull=True)
    for agency_id, audit_case_id in assignments.values_list("agency_id", "audit_case_id"):
        assigned.setdefault(agency_id, set()).add(audit_case_id)
    agencies = _named(assigned)
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


def _named(agency_ids) -> dict[int, str]:
    """``{agency_id: name}`` as the agency lists name them (a GP practice with its care board)."""
    found = Agency.objects.filter(pk__in=list(agency_ids)).select_related("parent__parent")
    return {agency.pk: agency_name(agency) for agency in found}


def _email_lead(lead, audit: Audit, *, subject: str, context: dict) -> None:
    deadline = audit.return_deadline
    send_email(
        to=[lead.user.email],
        subject=subject,
        template="selection/email/cases_assigned.txt",
        context={
            "lead": lead,
            "audit": audit,
            "late": deadline is not None and deadline < timezone.localdate(),
            **context,
        },
        kind="assignment",
        partnership=audit.partnership,
    )


def _tell_agencies_added(audit_case: AuditCase, *, added: list[Assignment]) -> list[str]:
    """Agencies added to a case once agencies have been told their cases (at
    the move into 'Agencies auditing') are told in the same way: each lead
    whose "Cases to audit" page now lists the case gets an e-mail saying one
    more case is there, with no more about the case than the first e-mail
    gave. Returns the e-mail addresses told."""
    audit = audit_case.audit
    names = _named(a.agency_id for a in added)
    told = []
    for lead, agency_ids in agency_leads(audit_case.partnership_id, agency_ids={a.agency_id for a in added}):
        named = sorted((names[pk] for pk in agency_ids), key=str.lower)
        _email_lead(
            lead,
            audit,
            subject=f"1 more case to audit for ‘{audit.title}’",
            context={"added": and_list(named), "many": len(named) > 1},
        )
        told.append(lead.user.email)
    return sorted(told)
