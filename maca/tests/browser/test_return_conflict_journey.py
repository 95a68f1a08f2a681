"""Two tabs, one return: the police lead answers the same question differently
in each. The second save does not overwrite the first; the lead is shown both
answers, chooses, and the return keeps the chosen one. The page that says so is
a working page, not a fault: the browser logs no error on the way (the journey
fails on any)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
LEAD = "police.lead@wyvernshire.example"


def test_two_tabs_answering_the_same_question_are_combined_by_choice(live_server, page, demo, axe):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, LEAD, axe=axe)
    page.goto(f"{base}/returns/")
    axe.check(page)
    page.get_by_role("link", name=re.compile(r"^Case 4")).first.click()
    axe.check(page)
    page.get_by_role("button", name="Start the audit").click()
    axe.check(page)
    first_section = page.locator(".govuk-task-list__link").first
    title = first_section.inner_text().strip()
    first_section.click()
    axe.check(page)
    section_url = page.url

    other = page.context.new_page()
    other.goto(section_url)
    axe.check(other)

    # The same question, answered one way in the first tab and saved...
    question = page.locator("form .govuk-radios").first
    options = question.locator(".govuk-radios__item")
    theirs = options.nth(0).locator("label").inner_text().strip()
    mine = options.nth(1).locator("label").inner_text().strip()
    options.nth(0).locator("input").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Your answers to ‘{title}’")
    axe.check(page)

    # ...and the other way in the second tab, which was drawn before that save.
    other.locator("form .govuk-radios").first.locator(".govuk-radios__item").nth(1).locator("input").check()
    other.get_by_role("button", name="Save and continue").click()
    # One person in two tabs: maca does not call them "someone else".
    expect(other.locator("h1")).to_have_text("Combine your changes from both pages")
    expect(other.locator(".govuk-error-summary")).to_contain_text(
        "You changed this return on another page while editing it here"
    )
    axe.check(other)

    # Saving without choosing is refused, with the question named.
    other.get_by_role("button", name="Save the combined return").click()
    expect(other.locator(".govuk-error-summary")).to_contain_text("Choose which answer to keep for")
    axe.check(other)
    other.get_by_label(f"Use this page’s answer: {mine}").check()
    other.get_by_role("button", name="Save the combined return").click()
    expect(other.locator(".govuk-notification-banner--success")).to_contain_text("saved together")
    axe.check(other)

    # Opened again, the section shows the chosen answer ticked, not the other.
    other.goto(section_url)
    axe.check(other)
    reopened = other.locator("form .govuk-radios").first
    expect(reopened.get_by_label(mine, exact=True)).to_be_checked()
    expect(reopened.get_by_label(theirs, exact=True)).not_to_be_checked()
    other.close()
