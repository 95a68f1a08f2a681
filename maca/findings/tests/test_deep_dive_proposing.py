"""Proposing recommendations in a deep dive, where an agency's findings across
its cases count once, as its summative report (ADR 0016): what the page says
when every recurring theme already has one, and what the audit log records of
a proposal (the agencies whose summative reports raised it, beside the cases).
A themed audit reads as before."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.findings.tests.deep_dive_builders import take_across
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _propose(qa, audit) -> str:
    """Press "Propose recommendations" and read the message on the page it returns to."""
    response = qa.post(reverse("findings:propose_recommendations", args=[audit.pk]), follow=True)
    assert response.status_code == 200
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) + " " + words_shown(response.content.decode())


def _logged(client_for, world, event: AuditEvent) -> str:
    return words_shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())


def test_a_deep_dive_says_every_theme_in_two_or_more_summative_reports_or_cases_has_a_recommendation(
    world, deep_dive_with_reports, qa
):
    take_across(qa, deep_dive_with_reports, world.police)
    take_across(qa, deep_dive_with_reports, world.health)
    assert "1 recommendation proposed." in _propose(qa, deep_dive_with_reports)
    shown = _propose(qa, deep_dive_with_reports)
    assert "Every theme found in two or more summative reports or cases already has a recommendation." in shown


def test_a_themed_audit_says_every_theme_in_two_or_more_cases_has_a_recommendation(world, qa):
    audit = meeting_audit(world.partnership)
    _propose(qa, audit)
    shown = _propose(qa, audit)
    assert "Every theme found in two or more cases already has a recommendation." in shown
    assert "summative" not in shown


def test_the_log_of_a_deep_dives_proposal_names_the_agencies_whose_reports_raised_it(
    world, deep_dive_with_reports, qa, client_for
):
    take_across(qa, deep_dive_with_reports, world.police)
    take_across(qa, deep_dive_with_reports, world.health)
    _propose(qa, deep_dive_with_reports)
    event = AuditEvent.objects.get(action="recommendation.proposed")
    assert event.changes["agencies"] == ["Testshire Care Board", "Testshire Police"]
    logged = _logged(client_for, world, event)
    assert "Agencies Testshire Care Board, Testshire Police" in logged
    assert "Theme Domestic abuse" in logged


def test_the_log_of_a_themed_audits_proposal_names_its_cases_as_before(world, qa, client_for):
    audit = meeting_audit(world.partnership)
    _propose(qa, audit)
    event = AuditEvent.objects.filter(action="recommendation.proposed", changes__theme="think_family").get()
    assert event.changes == {"theme": "think_family", "cases": [1, 2], "findings": 3}
    logged = _logged(client_for, world, event)
    assert "Cases 1, 2" in logged and "Agencies" not in logged
