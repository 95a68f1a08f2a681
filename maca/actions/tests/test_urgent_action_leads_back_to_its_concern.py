"""An urgent action opened from its immediate concern's page leads back to
that concern, before and after a step on it. Found on a QA walk: the agency
lead followed the concern's "Urgent action" link, and the action's back link
said "Back to the action plan", a list they had not come from."""

from __future__ import annotations

from django.urls import reverse

from maca.actions.models import Action
from maca.actions.tests.test_back_after_a_step import _back_link, _href, _step, _text
from maca.actions.tests.test_urgent_action_says_acknowledged import _concern


def test_the_urgent_action_opened_from_its_concern_leads_back_to_the_concern(world, client_for):
    concern, _case = _concern(world)
    action = Action.objects.get(concern=concern)
    lead = client_for(world["lead"])
    concern_page = reverse("findings:concern", args=[concern.pk])

    opened = _text(lead.get(_href(_text(lead.get(concern_page)), reverse("actions:detail", args=[action.pk]))))
    assert _back_link(opened) == (concern_page, "Back to the immediate concern")

    after = _step(lead, concern_page, action, "progress", {"note": "A joint visit is booked for today."})
    assert "Your progress update has been added." in after
    assert _back_link(after) == (concern_page, "Back to the immediate concern")
