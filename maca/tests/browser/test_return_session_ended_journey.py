"""An auditor's session ends while they work on a return. Nothing they typed
is lost: autosave says the session has ended, the answers wait in the browser
tab and are saved once they have signed in again; a "Save and continue" sent
after the session ended is saved after sign-in too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)
from maca.tests.sessions import end_every_session, new_code

pytestmark = pytest.mark.django_db(transaction=True)
AUDITOR = "police.auditor@wyvernshire.example"
FIRST = "The father was not seen at either home visit, and nobody asked why."
SECOND = "Health visitor records were shared late; the school was never asked."


def test_nothing_typed_is_lost_when_the_session_ends(live_server, page, demo, axe, browser_checks):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, AUDITOR, axe=axe)
    page.get_by_role("link", name="Returns", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=re.compile(r"^Case 4")).first.click()
    axe.check(page)
    page.get_by_role("button", name="Start the audit").click()
    axe.check(page)
    page.get_by_role("link", name="Overall").click()  # the last section of the task list
    axe.check(page)
    edit_url = page.url
    return_url = re.sub(r"edit/\d+/$", "", edit_url)
    grade = page.locator("form .govuk-radios").first.locator("input").first
    grade.check()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Draft saved at", timeout=10_000)

    # The session ends; the auditor writes their summary and moves on: autosave cannot save it.
    end_every_session()
    summary = page.get_by_label("Summary of the audit")
    with browser_checks.expect(r"status of 401"):
        summary.fill(FIRST)
        summary.press("Tab")
        expect(status).to_contain_text(
            "Your session has ended, so nothing more is saved or shown here.", timeout=10_000
        )
    expect(status).to_contain_text("What you typed is kept in this browser tab")
    axe.check(page)

    # Signing in again leads back to the return, where what was kept is saved.
    status.get_by_role("link", name="Sign in again").click()
    new_code()
    sign_in_demo(page, base, AUDITOR, axe=axe, then=re.escape(edit_url) + "$")
    expect(status).to_contain_text("They were kept in this browser and have now been saved.", timeout=10_000)
    expect(summary).to_have_value(FIRST)
    expect(grade).to_be_checked()

    # The return, opened again, shows both answers saved.
    page.goto(return_url)
    axe.check(page)
    expect(page.locator("main")).to_contain_text(FIRST)
    page.get_by_role("button", name="Continue editing").click()
    axe.check(page)
    page.get_by_role("link", name="Overall").click()
    axe.check(page)
    expect(page.get_by_label("Summary of the audit")).to_have_value(FIRST)
    expect(page.locator("form .govuk-radios").first.locator("input").first).to_be_checked()
    expect(status).to_be_empty()  # nothing left over to save again

    # The session ends again, and this time the auditor presses "Save and continue".
    end_every_session()
    page.get_by_label("Summary of the audit").fill(SECOND)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your session had ended, so what you wrote has not been saved yet."
    )
    new_code()
    sign_in_demo(page, base, AUDITOR, axe=axe, code_offset=1, then=r".*/returns/\d+/edit/$")
    expect(
        page.locator(".govuk-notification-banner--success", has_text="Your session had ended before")
    ).to_contain_text("Your session had ended before your answers were saved. They have now been saved.")
    axe.check(page)
    page.get_by_role("link", name="Overall").click()
    axe.check(page)
    expect(page.get_by_label("Summary of the audit")).to_have_value(SECOND)
    page.goto(return_url)
    axe.check(page)
    expect(page.locator("main")).to_contain_text(SECOND)
