"""Search the findings is one of three pages on themes across audits: like
the other two, it links to its siblings, so a QA officer who opened it from a
recurring theme has a way back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    return {
        " ".join(re.sub(r"<[^>]+>", " ", text).split()): href
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


@pytest.mark.parametrize("query", ["", "?theme=think_family&polarity=concern"])
def test_search_links_to_the_themes_over_the_years_and_the_recurring_themes(qa, query):
    response = qa.get(reverse("findings:search") + query)
    assert response.status_code == 200
    links = _links(response.content.decode())
    assert links.get("Themes over the years") == reverse("findings:themes_over_years")
    assert links.get("Recurring themes") == reverse("findings:recurring_themes")
