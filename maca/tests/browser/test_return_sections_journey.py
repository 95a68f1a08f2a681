"""Issue 8, "done when": the return completed section by section, its answers
checked and submitted, on a phone-sized screen (375 px wide). The police lead,
auditing their agency's own records, works through the task list, changes an
answer from "Check your answers" (back there once saved), and submits; the QA
officer sends it back, and the comment is the first thing on the return when
the lead opens it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
LEAD = "police.lead@wyvernshire.example"
FIRST_SUMMARY = "Good joint working once the school raised the alarm; slow before it."
CHANGED_SUMMARY = "Slow to act until the school raised the alarm; good joint working after."
COMMENT = "Please say whether the father was seen at the second home visit."


def test_a_return_completed_section_by_section_checked_and_submitted(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB", timezone_id="Europe/London")
    lead = phone.new_page()
    sign_in_demo(lead, base, LEAD, axe=axe)
    lead.goto(f"{base}/returns/")  # at this width the header's menu is folded away
    axe.check(lead)
    lead.get_by_role("link", name=re.compile(r"^Case 4")).first.click()
    axe.check(lead)
    return_url = lead.url
    lead.get_by_role("button", name="Start the audit").click()
    axe.check(lead)
    # The sections; the chronology is a task of its own, after them.
    items = lead.locator(".govuk-task-list__item:not(.maca-task--chronology)")
    sections = items.count()
    assert sections == 6
    expect(lead.locator(".maca-task--chronology")).to_contain_text("No chronology entries")
    expect(items.first).to_contain_text("Not yet started")
    expect(lead.locator("main")).to_contain_text(f"You have completed 0 of {sections} sections.")

    # Section by section: each saved section is marked completed on the task list.
    for index in range(sections):
        title = items.nth(index).locator(".govuk-task-list__link").inner_text().strip()
        items.nth(index).locator(".govuk-task-list__link").click()
        expect(lead.locator("h1")).to_have_text(title)
        axe.check(lead)
        groups = lead.locator("form .govuk-radios")
        for group in range(groups.count()):
            groups.nth(group).locator("input").first.check()
        if title == "Overall":
            lead.get_by_label("Summary of the audit").fill(FIRST_SUMMARY)
        lead.get_by_role("button", name="Save and continue").click()
        expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(f"Your answers to ‘{title}’")
        expect(items.nth(index)).to_contain_text("Completed")
        axe.check(lead)
    expect(lead.locator("main")).to_contain_text(f"You have completed {sections} of {sections} sections.")

    # Check your answers: change one, and the check page shows the change.
    lead.get_by_role("button", name="Check your answers").click()
    axe.check(lead)
    expect(lead.locator("h1")).to_have_text("Check your answers before submitting the return")
    expect(lead.locator("main")).to_contain_text(FIRST_SUMMARY)
    lead.get_by_role("link", name="Change Summary of the audit").click()
    axe.check(lead)
    expect(lead.get_by_label("Summary of the audit")).to_have_value(FIRST_SUMMARY)
    lead.get_by_label("Summary of the audit").fill(CHANGED_SUMMARY)
    # Saved, the section opened from Check your answers leads back there.
    lead.get_by_role("button", name="Save and continue").click()
    axe.check(lead)
    expect(lead.locator("h1")).to_have_text("Check your answers before submitting the return")
    expect(lead.locator("main")).to_contain_text(CHANGED_SUMMARY)
    expect(lead.locator("main")).not_to_contain_text(FIRST_SUMMARY)
    lead.get_by_role("button", name="Submit to the QA officer").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("submitted to the QA officer")
    axe.check(lead)
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Submitted")
    # The read-only view: every section as a summary card, the answers as given.
    expect(lead.locator(".govuk-summary-card")).to_have_count(sections)
    expect(lead.locator("main")).to_contain_text(CHANGED_SUMMARY)

    # The QA officer sends it back with a comment.
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.goto(return_url)
    axe.check(page)
    page.get_by_role("button", name="Accept or send back").click()
    axe.check(page)
    page.get_by_label("Send it back to the agency").check()
    page.get_by_label("Comments for the agency").fill(COMMENT)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent back")
    axe.check(page)

    # The lead opens the return again: the comment comes first, above the heading, on each of its pages.
    lead.goto(return_url)
    axe.check(lead)
    for opened in ("the return", "its sections"):
        banner = lead.get_by_role("region", name="Sent back")
        expect(banner).to_contain_text(COMMENT)
        above = banner.bounding_box()["y"] < lead.locator("h1").bounding_box()["y"]
        assert above, f"On {opened} the send-back comment is not above the heading"
        if opened == "the return":
            lead.get_by_role("button", name="Continue editing").click()
            axe.check(lead)
    phone.close()
