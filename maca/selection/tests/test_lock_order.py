"""Every service that changes which cases an audit has takes the audit's row
first, as a draw and the stage move do: two of them never wait on each other
for ever, and the stage each checks holds until its change is saved."""

from __future__ import annotations

import datetime as dt

from maca.accounts.tests.locks import locks_and_writes
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.tests.builders import move
from maca.selection.models import AuditCase
from maca.selection.services import audit_case_remove, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case


def _locks(steps: list[str]) -> list[str]:
    return [step for step in steps if step.startswith("lock ")]


def test_deciding_a_nomination_and_removing_a_case_lock_the_audit_first(world):
    qa = world["qa"].user
    audit = AuditFactory(
        partnership=world.partnership,
        lead=qa,
        return_deadline=dt.date.today() + dt.timedelta(days=30),
        planned_meeting_date=dt.date.today() + dt.timedelta(days=60),
    )
    move(audit, Stage.SELECTING, qa)
    case = make_case(world.partnership, agencies=[world.police])
    nomination = nomination_create(
        actor=qa, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=True
    )

    with locks_and_writes() as steps:
        nomination_decide(actor=qa, nomination=nomination, accept=True)
    assert _locks(steps)[:2] == ["lock programme.Audit", "lock selection.Nomination"]
    assert "insert selection.AuditCase" in steps

    audit_case = AuditCase.objects.current().get(partnership_id=world.partnership.pk, audit=audit)
    with locks_and_writes() as steps:
        audit_case_remove(actor=qa, audit_case=audit_case, reason="Already reviewed this year")
    assert _locks(steps)[:2] == ["lock programme.Audit", "lock selection.AuditCase"]
    audit_case.refresh_from_db()
    assert audit_case.removed_at is not None and audit_case.removed_reason == "Already reviewed this year"
