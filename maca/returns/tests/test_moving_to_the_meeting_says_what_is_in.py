"""Found on a walk of the programme: an audit moved from 'Agencies auditing'
to 'Meeting' with 3 of its 35 returns in, and the move page said nothing of
it. The move is not refused (the meeting is held when it is held); the page
says how many are in, and that agencies can still send the rest."""

from __future__ import annotations

from django.urls import reverse

from maca.returns.models import Return
from maca.returns.services import return_submit
from maca.returns.tests.builders import audit_with_returns, save
from maca.tests.page import words_shown

ANSWERS = {"info_grade": "good", "health_involved": "yes"}
STILL = "Agencies can still send the rest until the audit moves to ‘Writing up’."


def _submit(world, ret) -> None:
    ret = save(ret, world["auditor"], ANSWERS)
    lead = world["lead"]
    return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)


def _move_page(world, client_for, audit) -> str:
    return words_shown(client_for(world["qa"]).get(reverse("programme:audit_move", args=[audit.pk])).content.decode())


def test_the_move_to_the_meeting_says_how_many_returns_are_in(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, second = Return.objects.filter(audit=audit).order_by("pk")
    _submit(world, first)
    assert f"1 of 2 returns in (50%). {STILL}" in _move_page(world, client_for, audit)

    _submit(world, second)
    shown = _move_page(world, client_for, audit)
    assert "returns in" not in shown and STILL not in shown


def test_a_deep_dives_move_to_the_meeting_counts_its_summative_reports(world, client_for):
    audit = audit_with_returns(
        world, cases=2, agencies=[world.police, world.health], kind="deep_dive", tool_kind="summative"
    )
    assert f"0 of 2 summative reports in (0%). {STILL}" in _move_page(world, client_for, audit)
