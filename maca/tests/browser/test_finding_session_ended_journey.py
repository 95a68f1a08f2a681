"""The QA officer's session ends while they write a finding at the meeting.
The live suggestions say so, with a link to sign in again, instead of going
quiet with the old suggestions; the finding they then save is kept and shown
again, filled in, once they have signed in, to check and save. A case list
being imported stops asking for its progress, and says the session has ended.
No page logs an error of its own for the 401 (the browser's own line for the
answer is expected)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.cases.services import case_import_start
from maca.cases.tests.factories import COLUMNS, uploaded_case_import
from maca.demo.meeting import MEETING_AUDIT
from maca.findings.models import Finding
from maca.tests.browser.conftest import sign_in
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)
from maca.tests.sessions import end_every_session, new_code

pytestmark = pytest.mark.django_db(transaction=True)
QA = "qa@wyvernshire.example"
FINDING = "Nobody asked the father about his drinking, and the school was never told."
# Chromium's own console line for any answer of 401; htmx's "Response Status
# Error Code 401" is not expected, and fails the journey.
BROWSER_401 = r"the server responded with a status of 401"


def test_a_finding_written_as_the_session_ends_is_not_lost(live_server, page, demo, axe, browser_checks):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, QA, axe=axe)
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=MEETING_AUDIT).click()
    axe.check(page)
    page.get_by_role("link", name=re.compile("^The multi-agency meeting")).click()
    axe.check(page)
    page.get_by_role("link", name="Case 2", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Write a strength or finding").click()
    axe.check(page)
    form_url = page.url
    suggestions = page.locator("#suggestions")
    text = page.get_by_label("What did the meeting agree?")

    # Signed in, typing brings suggestions.
    text.press_sequentially("Nobody asked the father", delay=10)
    expect(suggestions).to_contain_text("Think family", timeout=10_000)

    # The session ends (another tab signed out, or half an hour without a
    # click): typing on, the suggestions say so and the old ones go.
    end_every_session()
    with browser_checks.expect(BROWSER_401):
        text.press_sequentially(" about his drinking, and the school was never told.", delay=10)
        text.press("Tab")  # the box's "change" asks too, now rather than when "Save" is pressed
        expect(suggestions).to_contain_text(
            "Your session has ended, so nothing more is saved or shown here.", timeout=10_000
        )
        page.wait_for_timeout(1_000)  # and the last keystroke's, 400 ms after it
    expect(suggestions).not_to_contain_text("Think family")
    expect(suggestions.get_by_role("link", name="Sign in again")).to_have_attribute(
        "href", re.compile(r"/accounts/login/\?next=" + re.escape(form_url.removeprefix(base)) + "$")
    )
    expect(text).to_have_value(FINDING)
    axe.check(page)

    # "Save" sends them to sign in; what they wrote waits on the server.
    page.get_by_role("button", name="Save and see suggested themes").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your session had ended")
    new_code()
    sign_in_demo(page, base, QA, axe=axe, then=re.escape(form_url) + "$")

    # Back on the form, filled in, to check and save: nothing saved unseen.
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your session had ended before this was saved. Check what you wrote, then save it."
    )
    expect(page.get_by_label("What did the meeting agree?")).to_have_value(FINDING)
    assert not Finding.objects.filter(text=FINDING).exists()
    page.get_by_role("button", name="Save and see suggested themes").click()
    axe.check(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved.")
    expect(page.locator("main")).to_contain_text(FINDING)
    assert Finding.objects.filter(text=FINDING).count() == 1

    # Opened again, the form is empty: the kept finding is given back once.
    page.goto(form_url)
    axe.check(page)
    expect(page.get_by_label("What did the meeting agree?")).to_have_value("")


def test_a_case_list_being_imported_stops_asking_once_the_session_has_ended(
    live_server, page, world, axe, browser_checks
):
    base = live_server.url
    qa = world["qa"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=qa.user, name="slow-list.csv")
    case_import_start(actor=qa.user, case_import=case_import, columns=COLUMNS, enqueue=False)
    sign_in(page, base, qa.user.email, axe=axe)
    page.get_by_role("link", name="Case lists", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="slow-list.csv").click()
    axe.check(page)
    progress_url = page.url
    expect(page.locator("main")).to_contain_text("This page updates itself every few seconds.")

    asked = []
    page.on("request", lambda request: asked.append(request.url) if request.url == progress_url else None)
    end_every_session()
    with browser_checks.expect(BROWSER_401):
        expect(page.locator("main")).to_contain_text(
            "Your session has ended, so nothing more is saved or shown here.", timeout=10_000
        )
    expect(page.locator("main").get_by_role("link", name="Sign in again")).to_be_visible()
    axe.check(page)
    asked_when_told = len(asked)
    page.wait_for_timeout(7_000)  # two more rounds of "every 3s"
    assert len(asked) == asked_when_told == 1, asked
