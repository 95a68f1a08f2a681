"""The selected cases page (QA walk) says "Draw a sample, or accept nominated
cases" but linked only to the draw: it links to the nominated cases too, and
says how many wait for a decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_the_cases_page_links_to_the_nominations_waiting(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    nominations = reverse("selection:nominations", args=[audit.pk])
    page = qa.get(reverse("selection:cases", args=[audit.pk])).content.decode()
    assert f'<a class="govuk-link" href="{nominations}">Nominated cases</a>' in page
    assert "waiting for a decision" not in words_shown(page)

    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": police_pool[0].reference, "reason": "Three referrals in a year"},
    )
    shown = words_shown(qa.get(reverse("selection:cases", args=[audit.pk])).content.decode())
    assert "Nominated cases (1 waiting for a decision)" in shown
