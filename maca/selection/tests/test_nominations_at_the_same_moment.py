"""Nominations made at the same moment as another change of the audit.

A nomination read the audit's stage and "already nominated and waiting"
without the audit's lock (which a draw, a decision and the stage move take),
so a nomination made as the audit moved on to 'agencies auditing' was saved
with the move (nobody could decide it any more), and the same case
nominated twice at once waited twice. A nomination now locks the audit's
row first."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError

from maca.programme import stages
from maca.programme.models import Audit, Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.returns.tests.builders import move
from maca.selection.models import Nomination, NominationStatus
from maca.selection.services import nomination_create
from maca.selection.services import nominations as nominating
from maca.selection.tests.builders import draw_from_whole_pool, make_case
from maca.tests.races import needs_row_locks, run_each
from maca.tools.tests.factories import published_tool


def _meet(barrier: threading.Barrier) -> None:
    with contextlib.suppress(threading.BrokenBarrierError):  # the other is held by a lock: go on alone
        barrier.wait()


def _stage_checked_then_meet(monkeypatch, barrier: threading.Barrier) -> None:
    real = nominating._require_stage

    def checked_then_meet(*args, **kwargs):
        real(*args, **kwargs)
        _meet(barrier)

    monkeypatch.setattr(nominating, "_require_stage", checked_then_meet)


@pytest.mark.django_db(transaction=True)
def test_a_nomination_at_the_moment_of_the_move_to_auditing_is_not_left_undecidable(world, monkeypatch):
    needs_row_locks()
    qa = world["qa"].user
    version = published_tool(world.partnership, name="Nomination race tool")
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=version.tool, kind="themed", target_cases=1)
    make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    draw_from_whole_pool(actor=qa, audit=audit, size=1)
    other = make_case(world.partnership, agencies=[world.police])  # not drawn: nominated
    audit.refresh_from_db()

    barrier = threading.Barrier(2, timeout=3)
    _stage_checked_then_meet(monkeypatch, barrier)
    real_entered = stages.entered

    def meet_then_enter(*args, **kwargs):
        _meet(barrier)
        return real_entered(*args, **kwargs)

    monkeypatch.setattr(stages, "entered", meet_then_enter)

    def nominate():
        nomination_create(
            actor=qa, audit=audit, case_reference=other.reference, reason="Known to us", can_see_pool=True
        )

    def move_on():
        audit_move(
            actor=world["admin"].user,
            audit=audit,
            to_stage=Stage.AUDITING,
            reason="Ready",
            expected_version=audit.version,
        )

    outcomes = run_each([nominate, move_on])
    monkeypatch.undo()

    stage = Audit.objects.get(pk=audit.pk).stage
    pending = Nomination.objects.filter(audit=audit, status=NominationStatus.PENDING).count()
    assert not (stage == Stage.AUDITING and pending), (outcomes, stage, pending)
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), outcomes


@pytest.mark.django_db(transaction=True)
def test_the_same_case_nominated_twice_at_once_waits_once(world, monkeypatch):
    """A double-clicked "Nominate" (or two QA officers at once)."""
    needs_row_locks()
    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa, kind="themed", target_cases=1)
    move(audit, Stage.SELECTING, qa)
    case = make_case(world.partnership, agencies=[world.police])
    audit.refresh_from_db()
    _stage_checked_then_meet(monkeypatch, threading.Barrier(2, timeout=3))

    def nominate(persona):
        return lambda: nomination_create(
            actor=world[persona].user,
            audit=audit,
            case_reference=case.reference,
            reason="Known to us",
            can_see_pool=True,
        )

    outcomes = run_each([nominate("qa"), nominate("admin")])
    monkeypatch.undo()

    pending = Nomination.objects.filter(audit=audit, case=case, status=NominationStatus.PENDING).count()
    assert pending == 1, (outcomes, pending)
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert "already been nominated and is waiting for a decision" in " ".join(refused[0].messages)
