"""Good practice resulting from the audit is a strength (ADR 0016): a
briefing's figure of strengths and findings by theme counts its themes as
strengths, as "Themes over the years" and the annual report's themes do,
so that the briefing and the year's figures for a theme agree."""

from __future__ import annotations

import pytest

from maca.findings.models import FindingKind
from maca.findings.services.findings import finding_confirm_tags, finding_create
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind
from maca.publications.sources import year_themes
from maca.publications.tests.builders import audit_with_findings

pytestmark = pytest.mark.django_db

GOOD = "Since the audit, every health visitor records who else lives in the home."


def test_good_practice_counts_as_a_strength_of_its_theme_as_the_years_figures_count_it(world):
    audit = audit_with_findings(world)  # voice of the child: a strength in each of its 2 cases
    qa = world["qa"].user
    good = finding_create(
        actor=qa, audit=audit, audit_case=None, text=GOOD, kind=FindingKind.GOOD_PRACTICE, agency=world.health
    )
    finding_confirm_tags(
        actor=qa, finding=good, polarity="strength", theme_keys=["voice_of_child"], expected_version=good.version
    )
    themes = year_themes(world.partnership, audit.programme.year)
    year = {name: (strengths, concerns) for name, strengths, concerns, _audits in themes}
    assert year["Voice of the child"] == (3, 0)
    publication = services.publication_create(actor=qa, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit)
    document = Document.from_json(publication.versions.get(number=1).document)
    figure = document.section("recommendations").figure
    strengths = dict(zip(figure.categories, dict(figure.series)["Strengths"], strict=True))
    assert strengths["Voice of the child"] == year["Voice of the child"][0]
    assert GOOD in document.section("good_practice").text
