"""A briefing counts a finding's themes only once a person has confirmed them
(ADR 0010, 0016), as "Across the cases" does (``findings.cross_case``): a
finding whose themes were suggested but nobody confirmed is in no theme figure
of the draft, nor in its issues across cases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding, FindingTag, Theme
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

UNCONFIRMED = "The mother disclosed controlling behaviour by her partner at the health visit."


def _with_unconfirmed_domestic_abuse(world):
    """The builder's audit, and in each of its 2 cases a concern that maca
    suggested "Domestic abuse" for and that holds the theme, but whose themes
    nobody has confirmed (``tags_confirmed_at`` unset)."""
    audit = audit_with_findings(world)
    theme = Theme.objects.get(partnership=world.partnership, key="domestic_abuse")
    for audit_case in audit.audit_cases.order_by("number"):
        finding = Finding.objects.create(
            partnership=world.partnership,
            audit=audit,
            audit_case=audit_case,
            agency=world.health,
            polarity="concern",
            text=UNCONFIRMED,
            suggestions=[{"theme": "domestic_abuse", "score": 3.0, "reasons": []}],
        )
        FindingTag.objects.create(partnership=world.partnership, finding=finding, theme=theme, was_suggested=True)
    return audit


def test_a_six_step_briefing_leaves_out_themes_nobody_confirmed(world, client_for):
    audit = _with_unconfirmed_domestic_abuse(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    document = Document.from_json(publication.versions.get(number=1).document)
    figures = [section.figure for section in document.sections if section.figure]
    assert figures, "the briefing has its figure of strengths and findings by theme"
    for figure in figures:
        assert "Domestic abuse" not in figure.categories
        assert figure.categories == ["Think family", "Voice of the child"]
        assert dict(figure.series)["Findings"] == [2, 0]
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert "Domestic abuse: findings in 2 of the 2 cases." not in page
    assert "Think family: findings in 2 of the 2 cases." in page
    # "Across the cases" names the same issue, and not the unconfirmed one.
    across = words_of(client_for(world["qa"]).get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    assert "Think family" in across and "Domestic abuse" not in across
