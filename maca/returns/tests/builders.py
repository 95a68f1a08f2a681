"""An audit taken to 'agencies auditing', so that its returns exist."""

from __future__ import annotations

import itertools

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.selection.services import PoolFilter, draw_make
from maca.selection.tests.builders import make_case
from maca.tools.tests.factories import published_tool

_numbers = itertools.count(1)


def move(audit, stage, actor, reason="Next"):
    audit.refresh_from_db()
    audit_move(actor=actor, audit=audit, to_stage=stage, reason=reason, expected_version=audit.version)
    audit.refresh_from_db()


def audit_with_returns(world, *, cases: int = 2, agencies=None, kind: str = "themed", tool_kind: str = "case"):
    qa = world["qa"].user
    agencies = agencies if agencies is not None else [world.police, world.health]
    version = published_tool(world.partnership, kind=tool_kind, name=f"Tool {next(_numbers)} for {kind}")
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=version.tool, kind=kind, target_cases=cases)
    for _ in range(cases):
        make_case(world.partnership, agencies=agencies)
    move(audit, Stage.SELECTING, qa)
    draw_make(
        actor=qa,
        audit=audit,
        size=cases,
        dimensions=[],
        allocation="proportional",
        seed=1,
        pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=None),
    )
    move(audit, Stage.AUDITING, qa)
    return audit
