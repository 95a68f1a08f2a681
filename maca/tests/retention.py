"""What the retention run must keep, from every app that holds records about
an audited case.

The run removes or de-identifies what has passed its period
(``maca.core.retention``); the learning stays. Each app lists, in
``maca/<app>/tests/retention_survivors.py``, a ``SURVIVORS`` list: each
:class:`Survivor` adds its records about an audited case while the audit is at
a given stage (``arrange``), and after a run years later checks that they are
still there and that no identifier of the child is left in them (``check``).
``maca/tests/test_retention_keeps_what_matters.py`` finds every list, builds
the case, walks the audit to its close, runs retention and calls each check.
The meeting, findings, publications and the action plan add theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from maca.cases.models import Case, Child
from maca.programme.models import Stage

CHILD_NAME = "Robin Ashdown"  # fictional
NHS_NUMBER = "9434765919"  # a valid made-up number
CASE_NUMBER = "CS0042424"


@dataclass
class AuditedCase:
    world: Any
    audit: Any
    audit_case: Any
    case: Case


@dataclass(frozen=True)
class Survivor:
    name: str
    arrange: Callable[[AuditedCase], Any]
    check: Callable[[AuditedCase, Any], None]
    stage: Stage = Stage.AUDITING  # the stage the audit is at when ``arrange`` runs


def no_identifier_in(text: str) -> bool:
    words = (CHILD_NAME, *CHILD_NAME.split(), NHS_NUMBER, CASE_NUMBER)
    return not any(word.casefold() in text.casefold() for word in words)


def audited_case(world, *, why: str = "Chosen for the test", decision: str = "") -> AuditedCase:
    """A case with a child's name, NHS number and case number held, selected
    for an audit now at *agencies auditing*, the police asked to audit it:
    nominated for ``why``, accepted for ``decision``."""
    from maca.programme.tests.factories import AuditFactory
    from maca.returns.tests.builders import move
    from maca.selection.services import nomination_create, nomination_decide
    from maca.selection.tests.builders import make_case
    from maca.tools.tests.factories import published_tool

    qa = world["qa"].user
    case = make_case(
        world.partnership,
        agencies=[world.police],
        identifiers={"case_system_number": CASE_NUMBER, "name": "The Ashdown family"},
    )
    Child.objects.filter(case=case).update(
        identifiers={"nhs_number": NHS_NUMBER, "name": CHILD_NAME, "date_of_birth": "2019-05-04"}
    )
    version = published_tool(world.partnership, name="Retention tool")
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=version.tool, target_cases=1)
    move(audit, Stage.SELECTING, qa)
    nomination = nomination_create(actor=qa, audit=audit, case_reference=case.reference, reason=why, can_see_pool=True)
    nomination_decide(actor=qa, nomination=nomination, accept=True, reason=decision)
    move(audit, Stage.AUDITING, qa)
    return AuditedCase(world=world, audit=audit, audit_case=audit.audit_cases.get(), case=case)


def walk_to_close(audited: AuditedCase, survivors: list[Survivor]) -> dict[str, Any]:
    """Arrange each survivor at its stage, moving the audit on to *closed*."""
    from maca.returns.tests.builders import move

    qa = audited.world["qa"].user
    arranged = {}
    for stage in (Stage.AUDITING, Stage.MEETING, Stage.WRITING_UP, Stage.ACTIONS):
        if stage != Stage.AUDITING:
            move(audited.audit, stage, qa)
        for survivor in survivors:
            if survivor.stage == stage:
                arranged[survivor.name] = survivor.arrange(audited)
    move(audited.audit, Stage.CLOSED, qa)
    return arranged


YEARS_LATER = dt.timedelta(days=366 * 11)
