"""QA walk (December 2026): an auditor chooses an answer and at once follows
"Back to the sections". An answer is saved two seconds after it is chosen, so
the task list opened said the section was "Not yet started" and the return
showed the question "Not answered" (the answer waited in the browser tab until
the section was opened again). The page now saves it before following the link.

Closing the tab, Back, reloading or typing an address left without a word:
while an answer waits to be sent, the browser now asks first (a
``beforeunload`` dialog); a link that saves first, "Save and continue", and a
page whose answers are all saved never ask.

A browser journey: Debian's Chromium, the console and Content-Security-Policy
checks, and axe (maca/tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, open_case_4_information_sharing  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_answer_chosen_just_before_following_a_link_is_saved_first(live_server, page, demo, axe, browser_checks):  # noqa: F811
    base = live_server.url
    return_url, tasks_url = open_case_4_information_sharing(page, base, axe=axe)
    dialogs = []  # any question from the browser, answered "leave"

    def leave(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    grade = page.locator("form .govuk-radios").first
    grade.get_by_label("Good", exact=True).check()
    page.locator(".govuk-back-link").click()  # at once: within the two seconds
    page.wait_for_url(tasks_url)
    axe.check(page)
    expect(page.locator(".govuk-task-list__item", has_text="Information sharing")).to_contain_text("In progress")
    assert dialogs == []  # saved before the link was followed: nothing to ask

    page.goto(return_url)
    axe.check(page)
    question = page.locator(".govuk-summary-list__row", has_text="How well did the agency share and use information?")
    expect(question).to_contain_text("Good")

    # A link followed with nothing waiting to be saved is simply followed.
    page.goto(tasks_url)
    axe.check(page)
    page.get_by_role("link", name="Information sharing").click()
    axe.check(page)
    page.locator(".govuk-back-link").click()
    page.wait_for_url(tasks_url)
    axe.check(page)
    assert dialogs == []

    # An answer chosen and not yet sent: closing the tab asks first, and
    # staying keeps the page, which then saves it.
    page.get_by_role("link", name="Information sharing").click()
    axe.check(page)
    page.remove_listener("dialog", leave)
    grade.get_by_label("Requires improvement", exact=True).check()
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)  # at once: within the two seconds
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Draft saved at", timeout=10_000)
    page.on("dialog", leave)

    # "Save and continue" at once after choosing an answer does not ask.
    grade.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(tasks_url)
    axe.check(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your answers to ‘Information sharing’ have been saved."
    )
    assert dialogs == []

    # Everything saved: the page closes without a question.
    page.get_by_role("link", name="Information sharing").click()
    axe.check(page)
    expect(grade.get_by_label("Good", exact=True)).to_be_checked()
    grade.get_by_label("Good", exact=True).click()  # chosen again: nothing changes
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []
