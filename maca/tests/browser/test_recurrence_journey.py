"""In the demo partnership, with this year's audit at its meeting: the QA
officer opens the audit's cases side by side, has maca propose a
recommendation for each theme found in two or more cases, rewords and
confirms two of them; then sees, under Recurrence, the themes over the years
(chart against its table), the themes that recur from the demo's two earlier
years into this one, opens an earlier audit's findings on a theme,
searches every finding by its words and opens the findings like the first one
found. The board member reads the same
recurring themes."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maca.demo.partnership import DEMO_PASSWORD
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.partnerships.models import Partnership
from maca.programme.services import business_year
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)
from maca.tests.browser.test_charts_exports_journey import check_charts, table_rows  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Fathers and partners in families with babies"
MEETING_AUDIT = "Fathers and male carers in child in need work"  # the demo's audit at its meeting


def test_cross_case_recommendations_and_recurring_themes(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    wyvernshire = Partnership.objects.get(slug="wyvernshire")
    this_year = business_year(timezone.localdate())
    audit = meeting_audit(wyvernshire, title=TITLE, year=this_year)

    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.goto(f"{base}/programme/audits/{audit.pk}/")
    axe.check(page)
    page.get_by_role("link", name=re.compile("Across the cases")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Across the cases")
    expect(page.get_by_role("heading", name="Think family: 2 of 3 cases")).to_be_visible()
    expect(page.get_by_role("heading", name="Domestic abuse: 2 of 3 cases")).to_be_visible()
    expect(page.get_by_text("Domestic abuse was present in 3 of the 3 cases.")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Propose recommendations for these themes").click()
    expect(page.get_by_text("2 recommendations proposed.")).to_be_visible()
    axe.check(page)
    wording = {
        "domestic abuse": "Police and schools agree how a notice about a baby reaches the nursery within two days.",
        "think family": "Every plan for a baby names each adult who cares for the baby, fathers included.",
    }
    for theme in wording:
        page.get_by_role("link", name=f"Edit and confirm the recommendation on {theme}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Recommendation on {theme}")
        axe.check(page)
        page.get_by_label("Recommendation").fill(wording[theme])
        page.get_by_role("button", name="Save and confirm").click()
        expect(page.get_by_text("Recommendation confirmed.")).to_be_visible()
        axe.check(page)
    rows = table_rows(page, "Recommendations of this audit")
    assert sorted(row[0] for row in rows[1:]) == sorted(wording.values())
    assert [row[1] for row in rows[1:]] == ["Confirmed", "Confirmed"]
    screenshot(page, "qa-officer-across-the-cases")

    # Across the years: the chart agrees with its table; the themes recur from the demo's past audits.
    page.get_by_role("link", name="Recurrence", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes over the years")
    axe.check(page)
    # The chart's figures are the page's table: every mark agrees with its cell.
    figure = page.locator("figure.maca-chart", has=page.get_by_role("heading", name="Concerns and strengths by theme"))
    expect(figure.get_by_role("img", name=re.compile("Concerns and strengths by theme"))).to_be_visible()
    themes = {row[0]: row for row in table_rows(page, "Each theme over the years")}
    heading = themes.pop("Theme")
    marks = figure.locator("svg .maca-chart__mark[data-row]").evaluate_all(
        "(marks) => marks.map((m) => [m.dataset.row, m.dataset.column, m.dataset.value])"
    )
    assert marks
    for row, column, value in marks:
        assert themes[row][heading.index(column)] == value, (row, column, value)
    page.get_by_role("link", name="Recurring themes").click()
    axe.check(page)
    recurring = {row[0]: row for row in table_rows(page, "Themes raised as a concern again")[1:]}
    label = audit.programme.label
    # Raised again this year (in this audit, or the demo's own meeting of yesterday), and in both earlier years.
    assert recurring["Think family"][1] in {f"{TITLE} ({label})", f"{MEETING_AUDIT} ({label})"}
    assert "earlier audit" in recurring["Think family"][2]
    assert recurring["Think family"][3].endswith(" in 3 programme years")
    expect(page.locator("#again-now")).to_contain_text("Think family")
    screenshot(page, "qa-officer-recurring-themes")

    # The theme's page lists every audit it was raised in; an earlier audit's findings on it, then a search.
    page.locator("#recurring-table tr", has_text="Think family").get_by_role(
        "link", name=re.compile("programme years")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Think family")
    axe.check(page)
    by_audit = {row[0]: row for row in table_rows(page, "Think family, audit by audit")[1:]}
    assert {"Babies and the adults around them", "Toddlers in households with domestic abuse", TITLE} <= set(by_audit)
    page.get_by_role("link", name="Babies and the adults around them").click()
    expect(page.get_by_text("Only the findings of ‘Babies and the adults around them’")).to_be_visible()
    expect(page.locator(".maca-finding").first).to_contain_text("Think family")
    axe.check(page)
    page.get_by_role("link", name="Clear the search").click()
    axe.check(page)
    page.get_by_label("Words in the finding").fill("father")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-count")).to_have_text(re.compile(r"^\d+ findings?$"))
    assert page.locator(".maca-finding").count() >= 2
    for card in page.locator(".maca-finding").all():
        expect(card).to_contain_text(re.compile("father", re.IGNORECASE))
    axe.check(page)
    screenshot(page, "qa-officer-search-findings")
    # Findings like the first one found, from every audit, most alike first.
    first = page.locator(".maca-finding").first
    first_text = first.locator(".govuk-summary-card__content p").first.inner_text()
    first.get_by_role("link", name=re.compile("Findings like this one")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings like this one")
    expect(page.locator(".maca-finding").first).to_contain_text(first_text)
    expect(page.locator("#results-count")).to_have_text(re.compile(r"^\d+ findings? like it$"))
    # Every demo finding has been read for its meaning: found by meaning, not by shared words.
    expect(page.locator("#alike-by")).to_contain_text("nearest to it in meaning")
    alike = page.locator(".govuk-summary-card__title", has_text="% alike").all_inner_texts()
    assert alike, "no finding like it"
    percents = [int(re.search(r"(\d+)% alike", title).group(1)) for title in alike]
    assert percents == sorted(percents, reverse=True)
    axe.check(page)
    page.get_by_role("link", name="Back to the search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the findings")
    # Back to the search it came from: the words and the findings found are still there.
    expect(page.get_by_label("Words in the finding")).to_have_value("father")
    expect(page.locator(".maca-finding").first).to_contain_text(first_text)
    axe.check(page)

    # The board member reads the same recurring themes, counts and confirmed findings only.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    board.get_by_role("link", name="Recurrence", exact=True).click()
    axe.check(board)
    board.get_by_role("link", name="Recurring themes").click()
    axe.check(board)
    expect(board.locator("#recurring-table")).to_contain_text("Think family")
