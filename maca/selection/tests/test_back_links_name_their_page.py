"""Back links say where they lead (QA walk): three pages of selection said only "Back"."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.selection.models import AuditCase, Draw
from maca.selection.tests.test_redraws_and_the_pool import draw_on_the_page

pytestmark = pytest.mark.django_db


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), html.unescape(match.group(2))


def test_the_back_links_of_selection_pages_name_the_page_they_lead_to(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit)
    draw = Draw.objects.get(audit=audit)
    audit_case = AuditCase.objects.current().filter(audit=audit).first()

    page = qa.get(reverse("selection:draw_detail", args=[audit.pk, draw.pk])).content.decode()
    assert _back_link(page) == (reverse("selection:draw", args=[audit.pk]), "Back to drawing a sample")
    page = qa.get(reverse("selection:nominate", args=[audit.pk])).content.decode()
    assert _back_link(page) == (reverse("selection:nominations", args=[audit.pk]), "Back to the nominations")
    page = qa.get(reverse("selection:remove_case", args=[audit.pk, audit_case.pk])).content.decode()
    assert _back_link(page) == (
        reverse("selection:case_agencies", args=[audit.pk, audit_case.pk]),
        "Back to the case’s agencies",
    )
