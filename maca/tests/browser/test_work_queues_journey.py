"""In the demo partnership, as each person would start their day: the QA
officer's home page names the audit past its deadline and the agencies no
reminder can reach, and one click leads to each; the board member's home page
shows the year by stage as a chart with its table, and leads to the year's
progress and an audit's counts. Each role's home page is photographed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.demo.audits import NEGLECT_AUDIT
from maca.demo.partnership import DEMO_PASSWORD
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def panel(page, title: str):
    return page.locator("section", has=page.get_by_role("heading", name=title, exact=True, level=2))


def test_home_pages_lead_to_the_work(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url

    # The QA officer: the late audit, one click away.
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    late = panel(page, "Audits past their deadline")
    link = late.get_by_role("link", name=re.compile(rf"^{re.escape(NEGLECT_AUDIT)}: \d+ of \d+ returns in"))
    expect(link).to_be_visible()
    expect(late).to_contain_text("3 days ago")
    screenshot(page, "home-qa-officer")
    # On a phone, the same: the late audit and its link.
    page.set_viewport_size({"width": 375, "height": 800})
    expect(link).to_be_visible()
    axe.check(page)
    screenshot(page, "home-qa-officer-375px")
    page.set_viewport_size({"width": 1280, "height": 900})
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has responded")
    expect(page.locator("main")).to_contain_text("the deadline has passed")
    axe.check(page)

    # ...and each agency no reminder can reach, with who can fix it.
    page.get_by_role("link", name="Home", exact=True).click()
    axe.check(page)
    unreachable = panel(page, "Agencies no reminder can reach").get_by_role("link")
    expect(unreachable.first).to_be_visible()
    agency = re.match(r"(.+?) has no agency lead", unreachable.first.inner_text()).group(1)
    unreachable.first.click()
    assert page.url.endswith("#unreachable")
    warning = page.locator("#unreachable")
    expect(warning).to_contain_text("No reminder can reach")
    expect(page.locator("main")).to_contain_text(f"{agency}: ")
    fix = page.get_by_role("link", name="E-mail a partnership admin")
    expect(fix).to_have_attribute("href", re.compile(r"^mailto:admin@wyvernshire\.example\?subject="))
    axe.check(page)
    # The agency is offered no reminder that would go nowhere.
    responses = page.get_by_role("table", name=re.compile(r"^Responses by agency"))
    row = responses.locator("tr", has=page.get_by_role("rowheader", name=agency, exact=True))
    expect(row).to_contain_text("No lead to remind")

    # An agency lead's home page: what to review and submit.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "csc.lead@wyvernshire.example", code_offset=1, axe=axe)
    expect(lead.get_by_role("heading", name="To review and submit", level=2)).to_be_visible()
    expect(lead.get_by_role("link", name="Cases to audit", exact=True)).to_have_count(0)
    # ...and the feedback still to give after a meeting, one click from the page to record it.
    feedback = panel(lead, "Feedback to give to practitioners").get_by_role("link", name=re.compile(r": Case \d+$"))
    expect(feedback.first).to_be_visible()
    screenshot(lead, "home-agency-lead")
    feedback.first.click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(re.compile("feedback", re.I))
    axe.check(lead)
    lead_context.close()

    # The board member: the year by stage as a chart with its table, then the year's progress.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    figure = board.locator("figure.maca-chart", has=board.get_by_role("heading", name="Audits by stage"))
    expect(figure.get_by_role("img", name=re.compile("Audits by stage"))).to_be_visible()
    figure.locator(".govuk-details__summary").click()
    expect(figure.locator("table")).to_be_visible()
    expect(figure.locator("table")).to_contain_text("Agencies auditing")
    rates = panel(board, "Response rates")
    expect(rates.get_by_role("link", name=re.compile(rf"^{re.escape(NEGLECT_AUDIT)}: 3 of "))).to_be_visible()
    axe.check(board)
    screenshot(board, "home-board-member")
    board.get_by_role("link", name="See the year’s progress as charts and tables").click()
    expect(board.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Progress of the .* programme$"))
    # The year has a deep dive with agencies' summative reports under way: the chart names both.
    expect(board.get_by_role("img", name=re.compile("Returns and summative reports in, by audit"))).to_be_visible()
    axe.check(board)
    board.go_back()
    axe.check(board)
    # The counts of an audit: no 403 for the board.
    panel(board, "Response rates").get_by_role("link").first.click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Counts across the returns")
    axe.check(board)
    board_context.close()
