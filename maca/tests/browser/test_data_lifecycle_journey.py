"""A partnership admin sets how long case-level data is kept, sees a period
out of bounds explained, saves, and sees the periods kept; then searches a
long audit log by person and action and pages back and forth through it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maca.audit_trail.services import record
from maca.tests.browser.conftest import screenshot, sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_sets_retention_periods_and_pages_through_the_audit_log(live_server, page, world, axe, browser):
    base = live_server.url
    admin, qa = world["admin"], world["qa"]
    for n in range(70):
        record(actor=qa.user, action="case.viewed", partnership=world.partnership, changes={"n": n})

    sign_in_as(page, base, admin, axe=axe)
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Data retention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data retention")
    axe.check(page)
    pool = page.get_by_label("Cases in the pool never selected for an audit (months)")
    expect(pool).to_have_value("12")

    pool.fill("0")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Keep cases in the pool never selected for an audit for between 1 and 120 months"
    )
    axe.check(page)

    page.get_by_label("Cases in the pool never selected for an audit (months)").fill("6")
    page.get_by_label("Views of case-level data in the audit log (months)").fill("36")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("retention periods have been saved")
    axe.check(page)
    expect(page.get_by_label("Cases in the pool never selected for an audit (months)")).to_have_value("6")
    expect(page.get_by_label("Views of case-level data in the audit log (months)")).to_have_value("36")
    screenshot(page, "partnership-admin-data-retention")

    # The change is in the audit log; the log is searched by person and action, a page at a time.
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Audit log").click()
    axe.check(page)
    expect(page.locator("table")).to_contain_text("changed the retention periods of")
    page.get_by_label("Person").select_option(label="Quinn Quality (quinn@testshire.example)")
    page.get_by_label("Action").select_option("case.viewed")
    page.get_by_role("button", name="Apply filters").click()
    axe.check(page)
    expect(page.get_by_text("70 events")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(50)
    page.get_by_role("link", name="Older events").click()
    axe.check(page)
    expect(page.locator("tbody tr")).to_have_count(20)
    expect(page.get_by_label("Person")).to_have_value(str(qa.user.pk))
    page.get_by_role("link", name="Newer events").click()
    axe.check(page)
    expect(page.locator("tbody tr")).to_have_count(50)
