"""A partnership admin renames an agency in one tab, then saves the same
agency from an older tab: nothing is overwritten, and the page says it was
their own change on another page, not "someone else". axe finds no serious or
critical problem on any page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maca.tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_editing_an_agency_in_two_tabs_is_told_it_was_them(live_server, page, world, axe):
    base = live_server.url
    sign_in_as(page, base, world["admin"], axe=axe)
    url = f"{base}/manage/agencies/{world.police.pk}/"
    page.goto(url)
    axe.check(page)
    other = page.context.new_page()
    other.goto(url)
    axe.check(other)

    page.get_by_label("Name").fill("Testshire Constabulary")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Testshire Constabulary")
    axe.check(page)

    other.get_by_label("Name").fill("Testshire Police Service")
    other.get_by_role("button", name="Save").click()
    summary = other.locator(".govuk-error-summary").first
    expect(summary).to_contain_text("You changed this agency on another page")
    expect(other.locator("main")).not_to_contain_text("Someone else")
    axe.check(other)

    # Re-opened, the page shows the name saved in the first tab.
    other.goto(url)
    expect(other.get_by_label("Name")).to_have_value("Testshire Constabulary")
    axe.check(other)
