"""Raising actions one after another from an audit's actions page, as the QA
officer does after a meeting.

Found on a walk with the demo data: the raise form's back link said only
"Back", where every other page of the plan names the page it leads to; and
once an action was raised from a recommendation or a finding of the audit's
actions page, the action's page led "Back to the action plan", so the QA
officer lost the audit's page, with its other recommendations and concerns
still to raise actions from."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse

from maca.actions.models import Action
from maca.actions.tests.builders import audit_with_recommendations


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), html.unescape(match.group(2))


def _form(world, audit, theme) -> dict:
    due = dt.date.today() + dt.timedelta(days=60)
    return {
        "submission": "0f9e834b-66e2-4b69-8690-18cf764dfc62",
        "title": "See fathers",
        "text": "Every assessment records the father's view.",
        "measure": "A sample of 20 assessments in June.",
        "owner_agency": world.police.pk,
        "owner": world["lead"].user.pk,
        "priority": "medium",
        "themes": [theme.pk],
        "audit": audit.pk,
        "due_on-day": due.day,
        "due_on-month": due.month,
        "due_on-year": due.year,
    }


def test_the_raise_forms_back_link_names_the_page_it_leads_to(world, client_for):
    audit, finding, (recommendation, _), _theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    audits_actions = reverse("actions:audit", args=[audit.pk])
    for url in (
        reverse("actions:raise_from_recommendation", args=[recommendation.pk]),
        reverse("actions:raise_from_finding", args=[finding.pk]),
    ):
        assert _back_link(qa.get(url).content.decode()) == (audits_actions, "Back to the audit’s actions")
    by_hand = qa.get(reverse("actions:raise")).content.decode()
    assert _back_link(by_hand) == (reverse("actions:plan"), "Back to the action plan")


def test_an_action_raised_from_a_recommendation_leads_back_to_the_audits_actions(world, client_for):
    audit, _finding, (recommendation, _), theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    response = qa.post(
        reverse("actions:raise_from_recommendation", args=[recommendation.pk]), _form(world, audit, theme), follow=True
    )
    page = response.content.decode()
    assert "has been raised" in page
    assert _back_link(page) == (reverse("actions:audit", args=[audit.pk]), "Back to the audit’s actions")


def test_an_action_raised_from_a_finding_leads_back_to_the_audits_actions(world, client_for):
    audit, finding, _recommendations, theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    url = reverse("actions:raise_from_finding", args=[finding.pk])
    data = _form(world, audit, theme)
    page = qa.post(url, data, follow=True).content.decode()
    assert _back_link(page) == (reverse("actions:audit", args=[audit.pk]), "Back to the audit’s actions")
    # The same page sent again raises nothing, and leads back to the audit's actions too.
    again = qa.post(url, data, follow=True).content.decode()
    assert Action.objects.count() == 1
    assert _back_link(again) == (reverse("actions:audit", args=[audit.pk]), "Back to the audit’s actions")


def test_an_action_raised_by_hand_leads_back_to_the_plan(world, client_for):
    audit, _finding, _recommendations, theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    page = qa.post(reverse("actions:raise"), _form(world, audit, theme), follow=True).content.decode()
    assert "has been raised" in page
    assert _back_link(page) == (reverse("actions:plan"), "Back to the action plan")
