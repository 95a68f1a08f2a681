"""In the demo partnership, a deep dive from the selection of its cases to what
the board sees. The QA officer draws a small sample for "Referrals into the
MASH", adds the police to the first case's agencies and moves the audit on.
The police lead finds their agency's one summative report across its cases
(not a return for each case) on their home page, answers it section by
section, opens a section again to see the answer kept, checks the answers and
submits. The QA officer finds it in the grid of who has responded, one report
an agency, accepts it and moves the audit to its meeting, where a case's page
points to the summative reports; from the police report's worry, one click
makes a concern across cases about the police; the QA officer keeps one of
maca's suggested themes, rejects the others and adds one, and the concern is
listed across cases, from the police's summative report, with the themes
ticked when it is opened again. The board sees the confirmed finding, across
cases, with no case reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.demo.partnership import DEMO_PASSWORD
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import confirm_themes_keeping, demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

DEEP_DIVE = "Referrals into the MASH"
POLICE = "Wyvern and Fenmoor Police"
OVERVIEW = "Four referrals from response officers into the MASH, audited by the force’s review team."
WORKED_WELL = "Officers recorded the child’s own words in every referral."
WORRY = "Referrals after a domestic abuse incident did not say whether the children were seen."
ACTIONS = "Remind response officers to record whether the children were seen – inspector – by 31 March."


def banner(page):
    return page.locator(".govuk-notification-banner--success")


def open_the_audit(page, axe) -> None:
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=DEEP_DIVE).click()
    axe.check(page)


def move_on(page, axe, stage: str, why: str) -> None:
    """From the audit's page, to its next stage."""
    page.get_by_role("button", name=f"Move to ‘{stage}’").click()
    axe.check(page)
    expect(page.get_by_label(stage, exact=True)).to_be_checked()
    page.get_by_label("Why?").fill(why)
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text(f"is now at the stage ‘{stage}’")
    axe.check(page)


def section(page, axe, title: str) -> None:
    """A section of the report, opened from its task list."""
    page.locator(".govuk-task-list").get_by_role("link", name=title, exact=True).click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def save_section(page, axe, title: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(banner(page)).to_contain_text(f"Your answers to ‘{title}’ have been saved")
    axe.check(page)


def test_a_deep_dive_from_its_sample_to_the_board(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url

    # The QA officer draws a small sample: the page allows any size.
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    open_the_audit(page, axe)
    expect(page.locator("main")).to_contain_text("Select at least one case.")
    page.get_by_role("link", name="Draw a random, balanced sample").click()
    axe.check(page)
    page.get_by_label("Number of cases in the sample").fill("3")
    page.get_by_role("button", name="Draw the sample").click()
    expect(banner(page)).to_contain_text("3 cases drawn at random")
    axe.check(page)
    page.get_by_role("link", name="See the selected cases").click()
    axe.check(page)
    expect(page.locator("main tbody tr")).to_have_count(3)
    # The police made the first referral: they audit case 1 too.
    page.get_by_role("link", name=re.compile(r"^Agencies\s+for case 1$")).click()
    axe.check(page)
    page.get_by_label(POLICE, exact=True).check()
    page.get_by_role("button", name="Save agencies").click()
    expect(banner(page)).to_contain_text("The agencies auditing case 1 have been saved")
    axe.check(page)
    expect(page.locator("main tbody tr").first).to_contain_text(POLICE)
    page.get_by_role("link", name="Back to the audit").click()
    axe.check(page)
    move_on(page, axe, "Agencies auditing", "Three referrals drawn; the police added to the first.")
    expect(page.locator("main")).to_contain_text("3 cases reviewing")

    # The police lead: one summative report across the agency's cases, not a return a case.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", axe=axe)
    lead.get_by_role("link", name=f"{DEEP_DIVE}: All its cases").click()
    axe.check(lead)
    expect(lead.locator("main")).to_contain_text("Deep-dive summative report")
    expect(lead.locator("main")).to_contain_text(re.compile(r"All its cases: \d+ cases? in this audit"))
    lead.get_by_role("button", name=re.compile("^Start")).click()
    axe.check(lead)
    expect(lead.locator("main")).not_to_contain_text("Chronology")
    answers = {
        "Overview": ("Overview", OVERVIEW),
        "What worked well": ("What worked well", WORKED_WELL),
        "What needs to improve": ("What needs to improve", WORRY),
        "Restorative actions": ("Actions and timeline", ACTIONS),
    }
    for title, (question, text) in answers.items():
        section(lead, axe, title)
        lead.get_by_label(question, exact=True).fill(text)
        save_section(lead, axe, title)
    section(lead, axe, "Counts")
    lead.get_by_label("How many cases did your agency audit?").fill("1")
    lead.get_by_label("How many of those cases met the standard?").fill("0")
    lead.get_by_label("Requires improvement").check()
    save_section(lead, axe, "Counts")
    expect(lead.locator("main")).to_contain_text("You have completed 5 of 5 sections")
    # Opened again, the worry and the grade are as saved.
    section(lead, axe, "What needs to improve")
    expect(lead.get_by_label("What needs to improve", exact=True)).to_have_value(WORRY)
    lead.locator("main").get_by_role("link", name="Back to the sections").click()
    axe.check(lead)
    section(lead, axe, "Counts")
    expect(lead.get_by_label("Requires improvement")).to_be_checked()
    expect(lead.get_by_label("How many cases did your agency audit?")).to_have_value("1")
    lead.locator("main").get_by_role("link", name="Back to the sections").click()
    axe.check(lead)
    lead.get_by_role("button", name="Check your answers").click()
    axe.check(lead)
    check = lead.locator("main")
    for _, text in answers.values():
        expect(check).to_contain_text(text)
    expect(check).to_contain_text("Requires improvement")
    lead.get_by_role("button", name="Submit to the QA officer").click()
    expect(banner(lead)).to_contain_text("submitted to the QA officer")
    axe.check(lead)
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Submitted")
    expect(lead.locator("main")).to_contain_text(WORRY)

    # The QA officer sees who has responded, one report an agency, and accepts the police's.
    open_the_audit(page, axe)
    page.get_by_role("link", name="Who has responded").click()
    axe.check(page)
    grid = page.locator("table", has=page.locator("caption", has_text="Summative reports by agency"))
    grid.locator("tr", has_text=POLICE).get_by_role("link", name=re.compile("^Submitted")).click()
    axe.check(page)
    page.get_by_role("button", name="Accept or send back").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review {POLICE}’s summative report")
    expect(page.locator("main")).to_contain_text(WORRY)
    page.get_by_role("radio", name=re.compile("^Accept")).check()
    page.get_by_role("button", name="Save decision").click()
    expect(banner(page)).to_contain_text("has been accepted")
    axe.check(page)
    expect(grid.locator("tr", has_text=POLICE)).to_contain_text("Accepted")

    # The QA officer moves the audit to its meeting; a case's page points to the reports.
    open_the_audit(page, axe)
    move_on(page, axe, "Meeting", "The summative reports are in.")
    page.get_by_role("link", name=re.compile("^The multi-agency meeting")).click()
    axe.check(page)
    page.get_by_role("link", name="Case 1", exact=True).click()
    axe.check(page)
    expect(page.get_by_role("heading", name="From the agencies’ summative reports")).to_be_visible()
    expect(page.locator("main")).to_contain_text("one summative report across all its cases")
    page.get_by_role("link", name="Take findings from the summative reports on the meeting page").click()
    axe.check(page)
    reports = page.locator("main")
    expect(page.get_by_role("heading", name="From the agencies’ summative reports")).to_be_visible()
    expect(reports).to_contain_text(WORRY)

    # One click: the police's worry is a concern across cases, about the police.
    page.get_by_role("button", name=re.compile(rf"^Add as a concern\s*: What needs to improve, {POLICE}$")).click()
    expect(banner(page)).to_contain_text(f"Added from {POLICE}’s summative report")
    axe.check(page)
    expect(page.locator("main")).to_contain_text(f"From {POLICE}’s summative report.")
    expect(page.get_by_label("Concern", exact=True)).to_be_checked()
    # Keep one suggestion, reject the others, add one maca did not suggest.
    confirm_themes_keeping(page, "domestic_abuse", adding="Information sharing")
    expect(banner(page)).to_contain_text("The themes have been confirmed")
    axe.check(page)
    across = page.locator("table", has=page.locator("caption", has_text="Across cases"))
    row = across.locator("tbody tr", has_text=WORRY)
    expect(row).to_contain_text("Concern")
    expect(row).to_contain_text(POLICE)
    expect(row).to_contain_text("Information sharing, Domestic abuse")
    expect(row).to_contain_text(f"From {POLICE}’s summative report")
    # Taken once: the report's worry now leads to the finding, with no button to take it again.
    expect(
        page.get_by_role("button", name=re.compile(rf"^Add as a concern\s*: What needs to improve, {POLICE}$"))
    ).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(rf"^Added\s*: What needs to improve, {POLICE}"))).to_have_count(1)
    screenshot(page, "deep-dive-meeting")
    row.get_by_role("link", name=re.compile("^Themes and changes")).click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Change its themes")
    expect(page.locator("main")).to_contain_text(f"From {POLICE}’s summative report. Its themes were confirmed by")
    ticked = {box.get_attribute("value") for box in page.locator("input[name=themes]").all() if box.is_checked()}
    assert ticked == {"domestic_abuse", "information_sharing"}
    expect(page.get_by_label("Concern", exact=True)).to_be_checked()

    # The board member: the confirmed finding, across cases, never a reference.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    open_the_audit(board, axe)
    board.get_by_role("link", name="What the audit found").click()
    axe.check(board)
    found = board.locator("main tbody tr", has_text=WORRY)
    expect(found).to_contain_text("Across cases")
    expect(found).to_contain_text(POLICE)
    expect(found).to_contain_text("Information sharing, Domestic abuse")
    assert not re.search(r"\bWY-?\d|F-\d{6}", board.locator("main").inner_text())
    screenshot(board, "deep-dive-board-findings")
    for context in (lead_context, board_context):
        context.close()
