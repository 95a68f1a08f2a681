"""What a QA walk of the cross-case and search pages found, as the QA officer
reads them: a recommendation whose findings have since been removed says so,
strengths say which cases, and a search with no match says it once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding, Recommendation
from maca.findings.services import finding_remove
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

REMOVED = "The father was not invited to the core group."


def _shown(client, url) -> str:
    return words_shown(client.get(url).content.decode())


def test_a_confirmed_recommendation_says_a_finding_it_was_drawn_from_was_removed(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = client_for(world["qa"])
    across = reverse("findings:across_cases", args=[audit.pk])
    qa.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    abuse, family = Recommendation.objects.filter(audit=audit).order_by("position")
    page = reverse("findings:recommendation", args=[family.pk])
    response = qa.post(page, {"version": family.version, "text": "Invite fathers to every core group.", "confirm": "1"})
    assert response.status_code == 302
    assert REMOVED in _shown(qa, page) and "has been removed" not in _shown(qa, page)

    finding = Finding.objects.get(audit=audit, text=REMOVED)
    finding_remove(actor=world["qa"].user, finding=finding, reason="Said twice", expected_version=finding.version)

    said = "1 finding it was drawn from has been removed since it was confirmed: check the recommendation still stands."
    shown = _shown(qa, page)
    assert said in shown
    assert REMOVED not in shown  # not listed as one of its findings as if it were there
    assert "The partner was never spoken to." in shown  # the ones still there are
    assert "Confirmed" in shown  # its status is the QA officer's to change
    family.refresh_from_db()
    assert family.status == "confirmed"

    # The audit's page of recommendations says it beside that one, not beside the other.
    shown = _shown(qa, across)
    assert shown.count(said) == 1 and REMOVED not in shown
    assert "has been removed" not in _shown(qa, reverse("findings:recommendation", args=[abuse.pk]))


def test_a_proposed_recommendation_says_so_too_and_a_withdrawn_one_does_not(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = client_for(world["qa"])
    qa.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    abuse, _family = Recommendation.objects.filter(audit=audit).order_by("position")
    for text in (
        "The police notification reached the school a month late.",
        "No risk checklist after the second incident.",
    ):
        finding = Finding.objects.get(audit=audit, text=text)
        finding_remove(actor=world["qa"].user, finding=finding, reason="Not agreed", expected_version=finding.version)
    page = reverse("findings:recommendation", args=[abuse.pk])
    said = (
        "2 findings it was drawn from have been removed since it was proposed: check the recommendation still stands."
    )
    assert said in _shown(qa, page)
    assert said in _shown(qa, reverse("findings:across_cases", args=[audit.pk]))

    qa.post(
        reverse("findings:recommendation_withdraw", args=[abuse.pk]),
        {"version": abuse.version, "reason": "Nothing left"},
    )
    assert "have been removed" not in _shown(qa, page)


def test_strengths_in_two_or_more_cases_say_which_cases_as_concerns_do(world, client_for):
    audit = meeting_audit(world.partnership)
    shown = _shown(client_for(world["qa"]), reverse("findings:across_cases", args=[audit.pk]))
    strengths = shown.split("Strengths in two or more cases", 1)[1]
    assert "Voice of the child: 2 of 3 cases" in strengths
    assert "Case 1: The baby was observed at every visit." in strengths
    assert "Case 3: The child's words were written down as she said them." in strengths
    # Said as the concerns are.
    concerns = shown.split("Concerns in two or more cases", 1)[1].split("Recommendations", 1)[0]
    assert "Think family: 2 of 3 cases" in concerns and "Case 1: The partner was never spoken to." in concerns


def test_a_search_with_no_match_says_so_once(world, client_for):
    meeting_audit(world.partnership)
    qa = client_for(world["qa"])
    shown = _shown(qa, reverse("findings:search") + "?q=dragons")
    assert "No finding matches this search." in shown
    assert "0 findings" not in shown
    assert "1 finding" in _shown(qa, reverse("findings:search") + "?q=partner")
