"""Quick ways to put cases in a partnership's pool for selection tests
(the import itself is tested in maca/cases/tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from maca.cases.models import Case, Child, ServiceLevel
from maca.programme.models import Audit, Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.selection.models import Nomination
from maca.selection.services import PoolFilter, draw_make, nomination_create, nomination_decide

_numbers = itertools.count(1)

# The whole pool: no window of months open, no audit within months left out.
EVERYTHING = PoolFilter(open_within_months=None, exclude_audited_within_months=None)


def draw_from_whole_pool(*, actor, audit, size: int):
    """A draw of ``size`` cases from the whole pool (``EVERYTHING``), balanced on
    nothing, with a fixed seed."""
    return draw_make(
        actor=actor,
        audit=audit,
        size=size,
        dimensions=[],
        allocation="proportional",
        seed=1,
        pool_filter=EVERYTHING,
    )


def accept_case(audit, case, *, actor, reason: str = "x") -> Nomination:
    """``case`` nominated by ``actor``, who sees the pool (the QA officer), and
    accepted: it is one of the audit's cases, chosen by nomination."""
    nomination = nomination_create(
        actor=actor, audit=audit, case_reference=case.reference, reason=reason, can_see_pool=True
    )
    return nomination_decide(actor=actor, nomination=nomination, accept=True)


def move_audit(audit, stage, actor) -> None:
    """The audit moved on to ``stage`` by ``actor``, as its page would."""
    audit.refresh_from_db()
    audit_move(actor=actor, audit=audit, to_stage=stage, reason="Next", expected_version=audit.version)


def selecting_audit(world, *, target_cases: int = 4, title: str = "Babies at risk") -> Audit:
    """An audit of ``target_cases`` cases led by the QA officer, moved to
    ‘Selecting cases’: ready for its sample to be drawn."""
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=target_cases, title=title)
    move_audit(audit, Stage.SELECTING, world["qa"].user)
    audit.refresh_from_db()
    return audit


# The levels of service of a pool's cases, in turn (``pool_at_three_levels``).
THREE_LEVELS = [ServiceLevel.EARLY_HELP, ServiceLevel.CHILD_IN_NEED, ServiceLevel.CHILD_PROTECTION]


def pool_at_three_levels(partnership, *, agencies, localities=("North",), size: int = 30) -> list[Case]:
    """``size`` cases whose level of service is early help, child in need and
    child protection in turn; their agencies (a list of lists) and localities
    take turns too, the first case taking the first of each."""
    return [
        make_case(
            partnership,
            service_level=THREE_LEVELS[i % 3],
            agencies=agencies[i % len(agencies)],
            locality=localities[i % len(localities)],
        )
        for i in range(size)
    ]


def make_case(
    partnership,
    *,
    agencies=(),
    service_level=ServiceLevel.CHILD_IN_NEED,
    locality="North",
    birth_month=dt.date(2020, 5, 1),
    sex="female",
    ethnicity_group="white",
    disability="no",
    flags=(),
    open_date=dt.date(2026, 1, 10),
    closed_date=None,
    children=1,
    identifiers=None,
) -> Case:
    number = next(_numbers)
    case = Case.objects.create(
        partnership=partnership,
        reference=f"F-{number:06d}",
        locality=locality,
        service_level=service_level,
        flags=list(flags),
        open_date=open_date,
        closed_date=closed_date,
        youngest_birth_month=birth_month,
        sex=sex,
        ethnicity_group=ethnicity_group,
        disability=disability,
        children_count=children,
        identifiers=identifiers or {"case_system_number": f"CS{number:07d}"},
    )
    for i in range(children):
        Child.objects.create(
            partnership=partnership,
            case=case,
            reference=f"C-{number:06d}-{i}",
            birth_month=birth_month,
            sex=sex if sex in ("female", "male") else "unknown",
            ethnicity_group=ethnicity_group,
            service_level=service_level,
            locality=locality,
            identifiers={"nhs_number": "9434765919"},
        )
    case.agencies.set(agencies)
    return case
