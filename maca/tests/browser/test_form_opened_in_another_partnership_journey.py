"""A partnership admin of two partnerships opens "Add an agency" in one,
switches to the other in another tab, then saves the form in the first tab:
told that nothing was saved and why, and nothing is added to either
partnership. axe finds no serious or critical problem on any page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.partnerships.models import Agency
from maca.tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_form_opened_in_one_partnership_and_saved_after_switching_in_another_tab(
    live_server, page, world, axe, browser_checks
):
    base = live_server.url
    asha = world["admin"]
    MembershipFactory(user=asha.user, partnership=world.other_partnership, role=Role.PARTNERSHIP_ADMIN)
    asha.user.last_partnership = world.partnership
    asha.user.save(update_fields=["last_partnership"])
    sign_in_as(page, base, asha, axe=axe)

    page.goto(f"{base}/manage/agencies/new/")
    expect(page.locator(".maca-header__account")).to_contain_text("Testshire SCP")
    axe.check(page)
    page.get_by_label("Name").fill("Riverside Youth Service")
    page.get_by_label("Kind of agency").select_option(label="Youth justice")

    other = page.context.new_page()
    other.goto(f"{base}/switch-partnership/")
    axe.check(other)
    other.get_by_role("button", name="Work in Otherby Safeguarding Children Partnership").click()
    expect(other.locator(".govuk-notification-banner--success")).to_contain_text(
        "You are now working in Otherby Safeguarding Children Partnership."
    )
    axe.check(other)

    with browser_checks.expect(r"status of 409"):
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Nothing was saved")
    main = page.locator("main")
    expect(main).to_contain_text(
        "You opened that page while you were working in Testshire Safeguarding Children Partnership."
    )
    expect(main).to_contain_text("You are now working in Otherby Safeguarding Children Partnership")
    axe.check(page)
    assert not Agency.objects.filter(name="Riverside Youth Service").exists()

    # Back to Testshire from the page, the agency can be added there.
    page.get_by_role("link", name="Switch partnership").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Switch partnership")
    axe.check(page)
    page.get_by_role("button", name="Work in Testshire Safeguarding Children Partnership").click()
    page.wait_for_url(re.compile(r".*/$"))
    axe.check(page)
    page.goto(f"{base}/manage/agencies/new/")
    axe.check(page)
    page.get_by_label("Name").fill("Riverside Youth Service")
    page.get_by_label("Kind of agency").select_option(label="Youth justice")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Riverside Youth Service")
    axe.check(page)
    assert Agency.objects.get(name="Riverside Youth Service").partnership == world.partnership
