"""The RAG rules, applied to one action and as database filters: they agree."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.actions import services
from maca.actions.models import Action
from maca.actions.rag import AMBER, GREEN, RED, rag_case, rag_of, rag_q
from maca.actions.reporting import plan_summary
from maca.actions.tests.builders import raise_action

TODAY = dt.date(2026, 12, 1)


def _ids(q):
    return set(Action.objects.filter(q).values_list("id", flat=True))


def _check_agree(world, today):
    by_rule = {a.pk: rag_of(a, today) for a in Action.objects.all()}
    for rag in (RED, AMBER, GREEN):
        assert _ids(rag_q(rag, today)) == {pk for pk, r in by_rule.items() if r == rag}, rag
    annotated = dict(Action.objects.annotate(rag=rag_case(today)).values_list("id", "rag"))
    assert annotated == {pk: r or "" for pk, r in by_rule.items()}
    return by_rule


@pytest.mark.django_db
def test_the_rules(world):
    lead = world["lead"].user
    start = TODAY - dt.timedelta(days=100)
    overdue = raise_action(world, today=start, due_on=TODAY - dt.timedelta(days=1))
    due_today = raise_action(world, today=start, due_on=TODAY)
    due_soon_quiet = raise_action(world, today=start, due_on=TODAY + dt.timedelta(days=27))
    due_soon_busy = raise_action(world, today=start, due_on=TODAY + dt.timedelta(days=10))
    services.progress_post(
        actor=lead, action=due_soon_busy, note="Met", expected_version=1, today=TODAY - dt.timedelta(days=27)
    )
    due_soon_stale = raise_action(world, today=start, due_on=TODAY + dt.timedelta(days=10))
    services.progress_post(
        actor=lead, action=due_soon_stale, note="Met", expected_version=1, today=TODAY - dt.timedelta(days=28)
    )
    later = raise_action(world, today=start, due_on=TODAY + dt.timedelta(days=28))
    awaiting_late = raise_action(world, today=start, due_on=TODAY - dt.timedelta(days=5))
    services.sign_off_request(actor=lead, action=awaiting_late, note="Done", expected_version=1, today=start)
    closed = raise_action(world, today=start, due_on=TODAY - dt.timedelta(days=5))
    services.sign_off_request(actor=lead, action=closed, note="Done", expected_version=1, today=start)
    services.action_sign_off(
        actor=world["qa"].user, action=closed, impact="Fewer delays.", expected_version=2, today=start
    )
    cancelled = raise_action(world, today=start, due_on=TODAY - dt.timedelta(days=5))
    services.action_cancel(actor=world["qa"].user, action=cancelled, reason="Duplicate", expected_version=1)

    rags = _check_agree(world, TODAY)
    assert rags[overdue.pk] == RED
    assert rags[due_today.pk] == AMBER
    assert rags[due_soon_quiet.pk] == AMBER
    assert rags[due_soon_busy.pk] == GREEN
    assert rags[due_soon_stale.pk] == AMBER
    assert rags[later.pk] == GREEN
    assert rags[awaiting_late.pk] == GREEN
    assert rags[closed.pk] is None
    assert rags[cancelled.pk] is None
    # The next day, the one due today is overdue.
    assert _check_agree(world, TODAY + dt.timedelta(days=1))[due_today.pk] == RED

    summary = plan_summary(partnership=world.partnership, year=2026, today=TODAY)
    assert summary == {
        "total": 9,
        "by_rag": {"red": 1, "amber": 3, "green": 3},
        "by_status": {
            "Not started": 4,
            "In progress": 2,
            "Completed, awaiting sign-off": 1,
            "Closed": 1,
            "Cancelled": 1,
        },
        "overdue": 1,
        "closed_with_impact": 1,
    }
    assert plan_summary(partnership=world.partnership, year=2025, today=TODAY)["total"] == 0
    assert plan_summary(partnership=world.other_partnership, year=2026, today=TODAY)["total"] == 0
