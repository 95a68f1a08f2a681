"""The nominate page once the audit has moved on (QA walk): it showed the form,
and said nominations were closed only after the reason had been typed and sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.selection.models import Nomination
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_the_nominate_page_says_nominations_are_closed_before_the_form_is_filled_in(world, audit, client_for):
    lead = client_for(world["lead"])
    url = reverse("selection:nominate", args=[audit.pk])
    assert "Send nomination" in words_shown(lead.get(url).content.decode())

    type(audit).objects.filter(pk=audit.pk).update(stage=Stage.AUDITING)
    shown = words_shown(lead.get(url).content.decode())
    assert "Send nomination" not in shown
    assert (
        "Cases can be nominated only while the audit is at ‘Planned’ or ‘Selecting cases’. "
        "This audit is at ‘Agencies auditing’." in shown
    )

    # A form sent from a page opened before the move is refused, with what was typed kept.
    response = lead.post(url, {"case_reference": "F-1", "reason": "Three referrals in a year"})
    shown = words_shown(response.content.decode())
    assert "There is a problem" in shown and "Three referrals in a year" in shown
    assert not Nomination.objects.exists()
