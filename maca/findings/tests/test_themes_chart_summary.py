"""The themes chart's summary, the sentence read before the chart (and by a
screen reader): it names the theme raised most often as a concern only when
a concern was confirmed, and names every theme tied at the top."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _audit_of(partnership, findings):
    data = past_audit("Early help", 2025)
    data["themes"] = []
    data["findings"] = findings
    data["recommendations"] = []
    return imported(partnership, data)


def _summary(client) -> str:
    """The summary paragraph of the chart on the themes-over-the-years page."""
    html = client.get(reverse("findings:themes_over_years")).content.decode()
    found = re.search(r'<p class="govuk-body maca-chart__summary">(.*?)</p>', html, re.S)
    assert found, "no chart summary on the page"
    return words_shown(found.group(1))


def test_no_theme_is_said_to_be_raised_most_often_as_a_concern_when_none_was(world, client_for):
    _audit_of(
        world.partnership,
        [
            finding(1, "strength", "The baby was observed at every visit.", "voice_of_child"),
            finding(2, "strength", "Schools shared worries quickly.", "information_sharing"),
        ],
    )
    summary = _summary(client_for(world["board"]))
    assert summary == "How often each theme was confirmed on a finding, over 1 audit in 2025–26."
    assert "(0 times)" not in summary


def test_every_theme_tied_as_raised_most_often_is_named(world, client_for):
    _audit_of(
        world.partnership,
        [
            finding(1, "concern", "Fathers were not asked about.", "think_family"),
            finding(2, "concern", "Nobody shared the referral.", "information_sharing"),
            finding(3, "strength", "The baby was observed at every visit.", "voice_of_child"),
        ],
    )
    summary = _summary(client_for(world["board"]))
    assert summary.endswith(" Raised most often as a concern: Information sharing and Think family (1 time each)."), (
        summary
    )


def test_one_theme_raised_most_often_is_named_alone(world, client_for):
    _audit_of(
        world.partnership,
        [
            finding(1, "concern", "Fathers were not asked about.", "think_family"),
            finding(2, "concern", "The father was left out of the plan.", "think_family"),
            finding(3, "concern", "Nobody shared the referral.", "information_sharing"),
        ],
    )
    summary = _summary(client_for(world["board"]))
    assert summary.endswith(" Raised most often as a concern: Think family (2 times)."), summary
