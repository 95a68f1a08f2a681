"""An agency lead on an audit's actions page, when the audit's actions are all
for other agencies, is told so rather than that none has been raised; the
page says nothing more of those actions, and reads as many queries however
many there are (QA walk)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

NONE_YET = "No actions have been raised from this audit yet."
NONE_FOR_YOU = "None of this audit’s actions is for your agency."


def test_a_lead_whose_agency_has_none_of_the_audits_actions_is_told_so(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    url = reverse("actions:audit", args=[audit.pk])
    health_lead = client_for(world["health_lead"])
    assert NONE_YET in words_shown(health_lead.get(url).content.decode())

    raise_action(world, audit=audit, agency=world.police, title="Fathers seen at every visit")
    page = words_shown(health_lead.get(url).content.decode())
    assert NONE_FOR_YOU in page
    assert NONE_YET not in page
    assert "Fathers seen at every visit" not in page

    # The police lead, whose agency holds it, sees the action itself.
    police = words_shown(client_for(world["lead"]).get(url).content.decode())
    assert "Fathers seen at every visit" in police and NONE_FOR_YOU not in police

    def raise_more(n):
        for i in range(n):
            raise_action(world, audit=audit, agency=world.police, title=f"Police action {i}")

    assert_queries_do_not_grow(lambda: health_lead.get(url), raise_more)
    assert NONE_FOR_YOU in words_shown(health_lead.get(url).content.decode())
