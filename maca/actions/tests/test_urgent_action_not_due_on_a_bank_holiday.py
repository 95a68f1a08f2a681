"""An immediate concern's urgent action is due when the agency must act on the
concern: the next working day, past weekends and bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.actions import services
from maca.actions.models import Action
from maca.actions.tests.builders import audit_with_recommendations
from maca.findings.models import ImmediateConcern
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (dt.date(2026, 12, 24), dt.date(2026, 12, 29)),  # Christmas Eve
        (dt.date(2027, 12, 24), dt.date(2027, 12, 29)),  # a Friday: Christmas on Saturday, 27th and 28th in lieu
        (dt.date(2026, 4, 2), dt.date(2026, 4, 7)),  # Thursday before Easter
        (dt.date(2026, 5, 1), dt.date(2026, 5, 5)),  # Friday before the early May bank holiday
    ],
)
def test_urgent_due_on_skips_bank_holidays(raised, due):
    assert services.urgent_due_on(raised) == due


def test_an_urgent_action_raised_on_christmas_eve_is_due_on_the_29th(world, client_for, monkeypatch):
    christmas_eve = dt.date(2026, 12, 24)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: christmas_eve)
    audit, _finding, _recs, _theme = audit_with_recommendations(world)
    concern = ImmediateConcern.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=audit.audit_cases.order_by("number").first(),
        agency=world.police,
        what_was_found="Something only the concern page shows.",
        raised_by=world["qa"].user,
    )
    action = Action.objects.get(concern=concern)
    assert action.due_on == dt.date(2026, 12, 29)
    words = words_shown(client_for(world["qa"]).get(reverse("actions:detail", args=[action.pk])).content.decode())
    assert "Due 29 December 2026" in words
    assert "25 December" not in words
