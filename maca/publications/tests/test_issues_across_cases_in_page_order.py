"""A briefing lists the issues identified across more than one case in the
order "Across the cases" lists them (most cases first, then the
partnership's order of themes), so that a reader holding the two sees the
same list: not reordered by how many findings or strengths a theme also had."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings.tests.recurrence_builders import meeting_audit
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_the_issues_across_cases_are_in_the_order_of_the_across_the_cases_page(world, client_for):
    # Think family: a concern in cases 1 and 2 and one across cases (3 findings);
    # domestic abuse: a concern in cases 2 and 3 (2 findings), first in the partnership's themes.
    audit = meeting_audit(world.partnership)
    qa = world["qa"]
    across = words_of(client_for(qa).get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    concerns = across.split("Concerns in two or more cases", 1)[1].split("Strengths in two or more cases", 1)[0]
    on_the_page = re.findall(r"([A-Z][a-z ]+): 2 of 3 cases", concerns)
    assert on_the_page == ["Domestic abuse", "Think family"]
    publication = services.publication_create(
        actor=qa.user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    step5 = Document.from_json(publication.versions.get(number=1).document).section("recommendations").text
    in_the_briefing = re.findall(r"- ([A-Z][a-z ]+): findings in 2 of the 3 cases\.", step5)
    assert in_the_briefing == on_the_page
