"""A recurring theme's row counts concerns: each audit it links to opens that
audit's concerns on the theme, as many as the theme's page counts for it, and
never its strengths with them."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _two_audits_with_strengths_on_the_theme(partnership):
    older = past_audit("Neglect in families with babies", 2024)
    older["findings"] = [
        finding(1, "concern", "Fathers were not asked about.", "think_family"),
        finding(2, "strength", "The health visitor saw the whole household.", "think_family"),
        finding(3, "strength", "The grandmother's help was written into the plan.", "think_family"),
    ]
    newer = past_audit("Children living with domestic abuse", 2025)
    newer["findings"] = [
        finding(1, "concern", "Nobody spoke to the mother's new partner.", "think_family"),
        finding(2, "concern", "The father was left out of the plan.", "think_family"),
        finding(3, "strength", "Both parents were invited to every meeting.", "think_family"),
    ]
    for data in (older, newer):
        data["themes"], data["recommendations"] = [], []
    return imported(partnership, older), imported(partnership, newer)


def _links_in(cell_html: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', cell_html)]


def _results_count(client, href: str) -> int:
    said = words_shown(client.get(href).content.decode())
    found = re.search(r"(\d+) findings? ", said)
    assert found, said
    return int(found.group(1))


def test_each_audit_of_a_recurring_theme_opens_the_concerns_its_row_counts(world, client_for):
    older, newer = _two_audits_with_strengths_on_the_theme(world.partnership)
    client = client_for(world["qa"])
    page = client.get(reverse("findings:recurring_themes")).content.decode()
    row = page[page.index(">Think family<") :]
    row = row[: row.index("</tr>")]
    again, before = _links_in(row)[:2]
    # The figures shown for each audit: its concerns on the theme's page.
    by_audit = read_tables(client.get(reverse("findings:theme_over_years", args=["think_family"])).content.decode())[
        "Think family, audit by audit"
    ]
    assert (by_audit.cell(newer.title, "Concerns"), by_audit.cell(older.title, "Concerns")) == ("2", "1")
    assert _results_count(client, again) == 2
    assert _results_count(client, before) == 1
    opened = words_shown(client.get(before).content.decode())
    assert "Fathers were not asked about." in opened and "The health visitor saw the whole household." not in opened
