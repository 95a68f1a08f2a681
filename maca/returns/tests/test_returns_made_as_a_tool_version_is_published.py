"""A QA officer moves an audit on to 'agencies auditing' at the moment another
publishes a new version of its tool.

The move read the published version without the tool's lock, which
publishing takes: its new returns were made on the version just retired,
and publishing (which moves the returns nobody has started onto the new
version) had not seen them yet, so every agency started on the old
questions. The same held for the return of an agency added to a case while
auditing. Both now lock the tool before reading its version."""

from __future__ import annotations

import sys
import threading

import pytest

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.returns import services
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, move
from maca.selection.services import assignments_set
from maca.selection.tests.builders import draw_from_whole_pool, make_case
from maca.tests.races import needs_row_locks, run_each
from maca.tools import services as tools
from maca.tools.models import VersionStatus
from maca.tools.tests.factories import published_tool


def _publish_while_reading_in(monkeypatch, world, caller: str, v2):
    """Publishing ``v2`` is started once ``caller`` has read the published
    version, and that read then waits (up to 3 seconds) for it to end:
    without the tool's lock, the returns are made on the version read."""
    read, published = threading.Event(), threading.Event()
    real = services.published_version

    def read_then_wait(an_audit):
        seen = real(an_audit)
        if sys._getframe(1).f_code.co_name == caller:
            read.set()
            published.wait(3)  # with the tool's lock held, publishing waits instead
        return seen

    # Where ``returns_create_for_audit`` and ``follow_assignment_changes`` read it: the module making returns.
    monkeypatch.setattr(services.making, "published_version", read_then_wait)

    def publish():
        read.wait(10)
        try:
            tools.version_publish(actor=world["admin"].user, version=v2, expected_version=v2.version)
        finally:
            published.set()

    return publish


@pytest.mark.django_db(transaction=True)
def test_returns_made_as_a_new_tool_version_is_published_are_on_the_new_version(world, monkeypatch):
    needs_row_locks()
    qa = world["qa"].user
    v1 = published_tool(world.partnership, name="Race tool")
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=v1.tool, kind="themed", target_cases=1)
    make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    draw_from_whole_pool(actor=qa, audit=audit, size=1)
    audit.refresh_from_db()
    v2 = tools.version_new_draft(actor=qa, tool=v1.tool)

    publish = _publish_while_reading_in(monkeypatch, world, "returns_create_for_audit", v2)

    def move_on():
        audit_move(actor=qa, audit=audit, to_stage=Stage.AUDITING, reason="Ready", expected_version=audit.version)

    outcomes = run_each([move_on, publish])
    monkeypatch.undo()

    assert outcomes == [None, None], outcomes
    v2.refresh_from_db()
    assert v2.status == VersionStatus.PUBLISHED
    on = sorted(Return.objects.filter(audit=audit).values_list("tool_version__number", flat=True))
    assert on and all(number == v2.number for number in on), on


@pytest.mark.django_db(transaction=True)
def test_the_return_of_an_agency_added_as_a_new_tool_version_is_published_is_on_the_new_version(world, monkeypatch):
    needs_row_locks()
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    audit_case = audit.audit_cases.get()
    v1 = Return.objects.get(audit=audit, agency=world.police).tool_version
    v2 = tools.version_new_draft(actor=world["qa"].user, tool=v1.tool)
    publish = _publish_while_reading_in(monkeypatch, world, "follow_assignment_changes", v2)

    def add_health():
        assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.police, world.health])

    outcomes = run_each([add_health, publish])
    monkeypatch.undo()

    assert outcomes == [None, None], outcomes
    health = Return.objects.get(audit=audit, agency=world.health)
    assert health.tool_version.number == v2.number
