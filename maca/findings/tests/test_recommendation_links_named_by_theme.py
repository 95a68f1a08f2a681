"""Each recommendation's link on "Across the cases" says which one it opens,
by what the page shows (its theme, as the recommendation's own page is
headed), never by a number shown nowhere on the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings.models import Recommendation
from maca.findings.recommendation_services import recommendation_save, recommendations_propose
from maca.findings.tests.recurrence_builders import meeting_audit

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    return {
        " ".join(re.sub(r"<[^>]+>", " ", text).split()): href
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def test_each_recommendation_link_names_its_theme(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = world["qa"].user
    abuse, family = recommendations_propose(actor=qa, audit=audit)
    recommendation_save(
        actor=qa, recommendation=abuse, text="Share every notice.", confirm=True, expected_version=abuse.version
    )
    page = client_for(world["qa"]).get(reverse("findings:across_cases", args=[audit.pk])).content.decode()
    links = _links(page)
    assert links.get("View the recommendation on domestic abuse") == reverse("findings:recommendation", args=[abuse.pk])
    assert links.get("Edit and confirm the recommendation on think family") == reverse(
        "findings:recommendation", args=[family.pk]
    )
    assert not [name for name in links if re.search(r"recommendation \d", name)]


def test_a_recommendation_of_no_theme_is_named_by_its_opening_words(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = world["qa"].user
    first, _ = recommendations_propose(actor=qa, audit=audit)
    Recommendation.objects.filter(pk=first.pk).update(proposed_from=None)
    page = client_for(world["qa"]).get(reverse("findings:across_cases", args=[audit.pk])).content.decode()
    opening = " ".join(first.text.split()[:8])
    assert any(name.startswith(f"Edit and confirm ‘{opening}") for name in _links(page)), _links(page)
