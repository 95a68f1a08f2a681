"""The QA officer of the demo partnership drafts last year's 6 Step Briefing,
then renames one of the practice themes it names. The draft warns that it
still uses the old name; one button writes the new name throughout, and the
draft, opened again, names the theme by its new name, with no warning."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, draft_the_babies_briefing, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_theme_renamed_after_drafting_is_renamed_in_the_draft(live_server, page, demo, axe):  # noqa: F811
    from maca.findings.models import Theme

    base = live_server.url
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    draft_the_babies_briefing(page, axe=axe)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been drafted")
    axe.check(page)
    draft_url = page.url
    drafted = page.locator("article").inner_text()

    # A theme the draft names, renamed on the practice themes page.
    theme = next(t for t in Theme.objects.order_by("pk") if re.search(rf"\b{re.escape(t.name)}\b", drafted))
    old, new = theme.name, f"{theme.name} (renamed)"
    page.goto(f"{base}/themes/{theme.pk}/")
    axe.check(page)
    page.get_by_label("Name", exact=True).fill(new)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    axe.check(page)

    page.goto(draft_url)
    warning = page.locator(".maca-themes-renamed")
    expect(warning).to_contain_text(f"‘{old}’ is now ‘{new}’")
    axe.check(page)
    page.get_by_role("button", name="Use the new theme names").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The new theme names are used")
    axe.check(page)

    page.goto(draft_url)
    expect(page.locator(".maca-themes-renamed")).to_have_count(0)
    expect(page.locator("article")).to_contain_text(new)
    axe.check(page)
