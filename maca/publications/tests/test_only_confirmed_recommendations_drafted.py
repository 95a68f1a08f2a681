"""Only what the audit meeting confirmed is drafted as its recommendation: a
recommendation maca proposed (its drafted sentence for a theme across
cases) or one nobody has agreed yet is in no output, nor one withdrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Recommendation, RecommendationStatus
from maca.publications import services
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

PROPOSED = "Proposed by maca and not yet agreed: every agency should name the lead professional."
WITHDRAWN = "Withdrawn at the meeting: agencies should hold a second strategy discussion."
CONFIRMED = "Agreed at the meeting: strategy discussions should include health."


def _audit_with_three_recommendations(world):
    audit = audit_with_findings(world, child_names={})
    Recommendation.objects.filter(audit=audit).delete()
    qa = world["qa"].user
    for position, (text, status) in enumerate(
        [
            (PROPOSED, RecommendationStatus.PROPOSED),
            (WITHDRAWN, RecommendationStatus.WITHDRAWN),
            (CONFIRMED, RecommendationStatus.CONFIRMED),
        ]
    ):
        Recommendation.objects.create(
            partnership=world.partnership,
            audit=audit,
            text=text,
            status=status,
            position=position,
            confirmed_by=qa if status == RecommendationStatus.CONFIRMED else None,
            created_by=qa,
        )
    return audit


def _page(world, client_for, publication) -> str:
    return words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())


@pytest.mark.parametrize("kind", [Kind.SIX_STEP, Kind.LEARNING_SUMMARY, Kind.KEY_MESSAGES, Kind.SEVEN_MINUTE])
def test_an_audits_outputs_draft_only_the_recommendations_the_meeting_confirmed(world, client_for, kind):
    audit = _audit_with_three_recommendations(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=kind, audit=audit
    )
    page = _page(world, client_for, publication)
    assert CONFIRMED in page
    assert PROPOSED not in page
    assert WITHDRAWN not in page


def test_the_annual_report_lists_only_confirmed_recommendations(world, client_for):
    audit = _audit_with_three_recommendations(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    page = _page(world, client_for, publication)
    assert CONFIRMED in page
    assert PROPOSED not in page
    assert WITHDRAWN not in page
