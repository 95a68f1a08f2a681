"""The people of an audit (pseudonyms) added twice at the same moment: a
double-clicked "Add", two QA officers, "Give pseudonyms" pressed while
another drafts a briefing.

Each read which labels exist without a lock, and the second insert hit the
label's unique constraint: an IntegrityError, an error page instead of a
message. Both now lock the audit's row first, as drafting a publication
does, so the second sees what the first added."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from maca.publications import pseudonyms
from maca.publications.models import Pseudonym
from maca.publications.tests.builders import audit_with_findings
from maca.tests.races import needs_row_locks, run_each


def _after_each_has_read(monkeypatch, name):
    """``pseudonyms.<name>`` (a read of the labels there are) waits after it
    has read, up to 3 seconds, for the other thread to have read too."""
    real, barrier = getattr(pseudonyms, name), threading.Barrier(2, timeout=3)

    def read_then_meet(*args, **kwargs):
        seen = real(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held by the lock
            barrier.wait()
        return seen

    monkeypatch.setattr(pseudonyms, name, read_then_meet)


@pytest.mark.django_db(transaction=True)
def test_the_same_family_member_added_twice_at_once_is_refused_with_a_message(world, monkeypatch):
    needs_row_locks()
    audit = audit_with_findings(world)
    audit_case = audit.audit_cases.order_by("number").first()
    _after_each_has_read(monkeypatch, "_same_label")

    def add(persona):
        return lambda: pseudonyms.family_member_add(
            actor=world[persona].user, audit=audit, audit_case=audit_case, relation="mother", names=["Jo Bloggs"]
        )

    outcomes = run_each([add("qa"), add("admin")])
    monkeypatch.undo()

    assert not any(isinstance(error, IntegrityError) for error in outcomes), outcomes
    assert Pseudonym.objects.filter(audit=audit, relation="mother").count() == 1
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), outcomes
    assert refused[0].message_dict["relation"] == ["There is already a pseudonym ‘Child A’s mother’ in this audit"]


@pytest.mark.django_db(transaction=True)
def test_give_pseudonyms_pressed_twice_at_once_gives_each_child_one(world, monkeypatch):
    needs_row_locks()
    audit = audit_with_findings(world)
    Pseudonym.objects.filter(audit=audit, relation="").delete()  # the children not yet given theirs
    missing = len(pseudonyms.children_without_pseudonyms(audit))
    assert missing
    _after_each_has_read(monkeypatch, "children_without_pseudonyms")

    def give(persona):
        return lambda: pseudonyms.ensure_pseudonyms(actor=world[persona].user, audit=audit)

    outcomes = run_each([give("qa"), give("admin")])
    monkeypatch.undo()

    assert outcomes == [None, None], outcomes
    assert Pseudonym.objects.filter(audit=audit, relation="").count() == missing
    assert pseudonyms.children_without_pseudonyms(audit) == []
