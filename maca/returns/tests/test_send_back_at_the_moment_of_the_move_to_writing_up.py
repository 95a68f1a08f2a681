"""A QA officer sends a return back at the moment another moves the audit on
to writing up.

The move refuses while a return is sent back (``none_sent_back``), and a
return can be sent back only while agencies can still change it. Each check
read what the other had not yet saved, so both were saved: the audit was in
writing up with a return sent back that nobody could act on. The send-back
now locks the audit's row first, as the move does, and reads the stage the
move left."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError

from maca.programme import stages
from maca.programme.models import Audit, Stage
from maca.programme.services import audit_move
from maca.returns import services
from maca.returns.access import send_back_refusal
from maca.returns.models import Return, ReturnStatus
from maca.returns.tests.builders import audit_with_returns, move
from maca.returns.tests.chronology_factories import move_return
from maca.tests.races import needs_row_locks, run_each


def _both_meet_before(monkeypatch, *places):
    """Each of ``places`` (module, name) waits, up to 3 seconds, for the other
    thread to reach its own: both have made their checks and not yet saved,
    unless a lock keeps one back."""
    barrier = threading.Barrier(2, timeout=3)
    for module, name in places:
        real = getattr(module, name)

        def wrapped(*args, _real=real, **kwargs):
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapped)


@pytest.mark.django_db(transaction=True)
def test_a_send_back_at_the_moment_of_the_move_to_writing_up_leaves_no_return_stranded(world, monkeypatch):
    needs_row_locks()
    qa = world["qa"]
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    move(audit, Stage.MEETING, qa.user)
    ret.refresh_from_db()
    audit.refresh_from_db()
    # The ``_transition`` of ``return_review``, in the services' module of the flow.
    _both_meet_before(monkeypatch, (services.flow, "_transition"), (stages, "entered"))

    def send_back():
        services.return_review(
            actor=qa.user,
            membership=qa.membership,
            return_record=ret,
            accept=False,
            comment="Say more",
            expected_version=ret.version,
        )

    def move_on():
        audit_move(
            actor=world["admin"].user,
            audit=audit,
            to_stage=Stage.WRITING_UP,
            reason="Meeting held",
            expected_version=audit.version,
        )

    outcomes = run_each([send_back, move_on])
    monkeypatch.undo()

    ret.refresh_from_db()
    stage = Audit.objects.get(pk=audit.pk).stage
    assert not (stage == Stage.WRITING_UP and ret.status == ReturnStatus.RETURNED), outcomes
    # One of the two was saved; the other was refused with its reason.
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), outcomes
    if stage == Stage.WRITING_UP:
        assert ret.status == ReturnStatus.SUBMITTED
        assert send_back_refusal(ret) in " ".join(refused[0].messages)
    else:
        assert stage == Stage.MEETING and ret.status == ReturnStatus.RETURNED
        assert "sent back and not yet submitted again" in " ".join(refused[0].messages)
