"""QA walk (December 2026): one answer that needs correcting stopped the
autosave of every other answer of its section, and "Back to the sections"
then left without a word, losing them. Now the other answers are saved, the
status names the answer held back, and the first click on a link stays to
say so; a second click leaves, and the return shows the answers saved.

Closing the tab, Back, reloading or typing an address lost the answer held
back without a word: now the browser asks first (a ``beforeunload`` dialog),
but not on the second click on the link (the page has said so), and never
once every answer is saved.

A browser journey: Debian's Chromium, the console and Content-Security-Policy
checks, and axe (maca/tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, open_case_4_information_sharing  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
TOO_LONG = 10_001  # one more character than a text answer may have


def test_the_other_answers_are_saved_and_leaving_asks_first(live_server, page, demo, axe, browser_checks):  # noqa: F811
    base = live_server.url
    return_url, tasks_url = open_case_4_information_sharing(page, base, axe=axe)

    # An answer too long to save (as a pasted document might be), then a grade.
    worried = page.get_by_label("What are we worried about?")
    worried.evaluate(
        "(box, length) => { box.removeAttribute('maxlength'); box.value = 'x'.repeat(length);"
        " box.dispatchEvent(new Event('change', {bubbles: true})); }",
        TOO_LONG,
    )
    page.locator("form .govuk-radios").first.get_by_label("Good", exact=True).check()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Your other answers were saved at", timeout=10_000)
    expect(status).to_contain_text("‘What are we worried about?’ must be 10,000 characters or fewer")
    axe.check(page)

    # Closing the tab asks first; staying keeps the page and its answers.
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed()
    expect(status).to_contain_text("‘What are we worried about?’ must be 10,000 characters or fewer")

    dialogs = []  # any other question from the browser, answered "leave"
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    back = page.locator(".govuk-back-link")
    back.click()
    expect(status).to_contain_text("select the link again to leave without it")
    section_url = page.url
    page.wait_for_timeout(500)
    assert page.url == section_url  # stayed
    back.click()
    page.wait_for_url(tasks_url)
    axe.check(page)
    assert dialogs == []  # the page had said so: the browser does not ask again
    expect(page.locator(".govuk-task-list__item", has_text="Information sharing")).to_contain_text("In progress")

    page.goto(return_url)
    axe.check(page)
    question = page.locator(".govuk-summary-list__row", has_text="How well did the agency share and use information?")
    expect(question).to_contain_text("Good")
    axe.check(page)

    # Opened again in this tab, the answer held back comes back, still held
    # back; corrected, it is saved, and the page closes without a question.
    page.goto(tasks_url)
    axe.check(page)
    page.get_by_role("link", name="Information sharing").click()
    expect(status).to_contain_text("must be 10,000 characters or fewer", timeout=10_000)
    axe.check(page)
    worried.fill("Missed appointments at the health visitor.")
    worried.blur()
    expect(status).to_contain_text("Draft saved at", timeout=10_000)
    assert dialogs == []
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []
