"""Quick ways to put cases in a partnership's pool for selection tests
(the import itself is tested in maca/cases/tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from maca.cases.models import Case, Child, ServiceLevel
from maca.programme.services import audit_move
from maca.selection.services import PoolFilter, draw_make

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


def move_audit(audit, stage, actor) -> None:
    """The audit moved on to ``stage`` by ``actor``, as its page would."""
    audit.refresh_from_db()
    audit_move(actor=actor, audit=audit, to_stage=stage, reason="Next", expected_version=audit.version)


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
