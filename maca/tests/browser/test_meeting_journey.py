"""In the demo partnership, as a new QA officer would: open the audit at its
meeting, judge the audit, take a worry from an agency's return with one click,
accept some of maca's suggested themes and correct the rest, agree the case's
grade, rename a theme, and flag an immediate concern, which the police lead
finds on their home page and acknowledges. The board sees the confirmed
findings by case number only. The QA officer confirms the recommendation
maca proposes across the cases and raises an action from it, after which the
recommendation cannot be withdrawn (its page names the open action); then
moves the audit on to 'Writing up' with one finding's themes not confirmed:
warned, with a link to them on the meeting page, refused until 'Move on
anyway' is ticked. Each saved choice is what the page shows when opened
again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from maca.demo.meeting import MEETING_AUDIT
from maca.demo.partnership import DEMO_PASSWORD
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import confirm_themes_keeping, demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

CSC = "Wyvernshire Children’s Social Care"
POLICE = "Wyvern and Fenmoor Police"
UNCONFIRMED = "Nobody asked the mother’s partner who else stayed at the house."
ACTION = "Assessments name every adult in the home"


def fill_date(page, prefix: str, day: dt.date) -> None:
    page.locator(f"[name='{prefix}-day']").fill(str(day.day))
    page.locator(f"[name='{prefix}-month']").fill(str(day.month))
    page.locator(f"[name='{prefix}-year']").fill(str(day.year))


def open_audit(page, axe) -> None:
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=MEETING_AUDIT).click()
    axe.check(page)


def banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_the_qa_officer_records_the_meeting_and_flags_a_concern(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=MEETING_AUDIT).click()
    axe.check(page)
    page.get_by_role("link", name=re.compile("^The multi-agency meeting")).click()
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Sent apologies")

    # The judgement on the audit itself.
    page.get_by_role("link", name="Change other notes on the audit").click()
    axe.check(page)
    page.get_by_label("Anything else about the audit itself").fill("Next time invite the surgery by telephone too.")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("The meeting has been saved")
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Next time invite the surgery by telephone too.")

    # Case 2: a worry in social care's return becomes a concern with one click.
    page.get_by_role("link", name="Case 2", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name=re.compile(rf"^Add as a concern\s*: What are we worried about\?, {CSC}")).click()
    expect(banner(page)).to_contain_text("Check the themes maca suggests")
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Suggested by maca: ")
    expect(page.get_by_label("Concern", exact=True)).to_be_checked()
    # Accept one suggestion, reject the others, add one maca did not suggest.
    confirm_themes_keeping(page, "assessment_planning", adding="Timeliness")
    expect(banner(page)).to_contain_text("The themes have been confirmed")
    axe.check(page)
    table = page.locator("table", has=page.locator("caption", has_text="Findings: what needs to improve"))
    expect(table).to_contain_text("The child in need plan has no dates")
    expect(table).to_contain_text("Assessment and planning, Timeliness")
    table.get_by_role("link", name=re.compile("Themes and changes")).first.click()
    axe.check(page)
    ticked = {box.get_attribute("value") for box in page.locator("input[name=themes]").all() if box.is_checked()}
    assert ticked == {"assessment_planning", "timeliness"}
    expect(page.get_by_role("heading", level=1)).to_have_text("Change its themes")
    page.get_by_role("link", name="Back to the case").click()
    axe.check(page)
    screenshot(page, "meeting-case-2")

    # A strength written at the meeting: maca suggests its themes while it is typed.
    page.get_by_role("link", name="Write a strength or finding").click()
    axe.check(page)
    page.get_by_label("Strength", exact=True).check()
    page.get_by_label("What did the meeting agree?").press_sequentially(
        "The health visitor invited the father to every review"
    )
    expect(page.locator("#suggestions")).to_contain_text("Think family", timeout=10_000)
    axe.check(page)
    page.get_by_role("button", name="Save and see suggested themes").click()
    axe.check(page)
    expect(page.get_by_label("Think family")).to_be_checked()
    expect(page.get_by_label("Strength", exact=True)).to_be_checked()
    page.get_by_role("button", name="Confirm themes").click()
    expect(banner(page)).to_contain_text("The themes have been confirmed")
    axe.check(page)
    strengths = page.locator("table", has=page.locator("caption", has_text="Strengths"))
    expect(strengths).to_contain_text("invited the father to every review")

    # A finding written at the meeting whose suggested themes nobody confirms before the audit moves on.
    page.get_by_role("link", name="Write a strength or finding").click()
    axe.check(page)
    page.get_by_label("Finding", exact=True).check()
    page.get_by_label("What did the meeting agree?").fill(UNCONFIRMED)
    page.get_by_role("button", name="Save and see suggested themes").click()
    axe.check(page)
    page.get_by_role("link", name="Back to the case").click()
    axe.check(page)

    # The case's discussion and agreed grade.
    page.get_by_role("link", name="Record the discussion and the agreed grade").click()
    axe.check(page)
    page.get_by_label("Notes of the discussion").fill("Drift for three months before the case was stepped up.")
    page.get_by_label("Requires improvement").check()
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("The discussion of case 2 has been saved")
    axe.check(page)
    expect(page.locator("#agreed-grade")).to_have_text("Requires improvement")

    # An immediate concern for the police, e-mailed at once.
    page.get_by_role("link", name="Flag an immediate safeguarding concern").click()
    axe.check(page)
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the agency that must act on it")
    axe.check(page)
    page.get_by_label(POLICE).check()
    page.get_by_label("What was found?").fill(
        "A man barred from the address by a court order was there at the last visit."
    )
    page.get_by_role("button", name="Raise the concern").click()
    expect(banner(page)).to_contain_text("e-mailed to the agency lead who acts for")
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Sent to the agency, not yet acknowledged")
    concern_url = page.url

    # The police lead finds it on their home page and says what is being done.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", axe=axe)
    panel = lead.locator("section", has=lead.get_by_role("heading", name="Immediate safeguarding concerns"))
    panel.get_by_role("link", name=re.compile(f"^Case 2 of {MEETING_AUDIT}")).click()
    axe.check(lead)
    assert lead.url == concern_url
    lead.get_by_label("What has your agency done, or what will it do?").fill(
        "Officers visited today; bail conditions enforced."
    )
    lead.get_by_role("button", name="Acknowledge the concern").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("acknowledged")
    axe.check(lead)
    expect(lead.locator("main")).to_contain_text("Officers visited today; bail conditions enforced.")

    # The QA officer renames a theme: the finding keeps it, under its new name.
    page.get_by_role("link", name="Themes", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Timeliness", exact=True).click()
    axe.check(page)
    page.get_by_label("Name").fill("Drift and delay")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("‘Drift and delay’ has been saved")
    axe.check(page)

    # The board member: the confirmed findings of the audit, by case number, never a reference.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    board.get_by_role("link", name="Programme", exact=True).click()
    axe.check(board)
    board.get_by_role("link", name=MEETING_AUDIT).click()
    axe.check(board)
    board.get_by_role("link", name="What the audit found").click()
    axe.check(board)
    main = board.locator("main")
    expect(main).to_contain_text("The child in need plan has no dates")
    expect(main).to_contain_text("Assessment and planning, Drift and delay")
    expect(main).to_contain_text("Case 2")
    assert not re.search(r"\bWY-?\d|F-\d{6}", main.inner_text())
    screenshot(board, "board-audit-findings")

    # Across the cases: a recommendation proposed for the theme found in two cases, confirmed.
    open_audit(page, axe)
    page.get_by_role("link", name=re.compile("^Across the cases")).click()
    axe.check(page)
    page.get_by_role("button", name="Propose recommendations for these themes").click()
    expect(banner(page)).to_contain_text("proposed")
    axe.check(page)
    page.locator("#recommendations").get_by_role("link", name=re.compile("^Edit and confirm")).first.click()
    axe.check(page)
    recommendation_url = page.url
    page.get_by_role("button", name="Save and confirm").click()
    axe.check(page)
    screenshot(page, "meeting-recommendation-confirmed")

    # An action raised from it...
    open_audit(page, axe)
    page.get_by_role("link", name="Actions from this audit").click()
    axe.check(page)
    page.get_by_role("link", name="Raise an action from recommendation 1").click()
    axe.check(page)
    page.get_by_label("Short name").fill(ACTION)
    page.get_by_label("What must happen").fill("Every assessment names each adult living in the home.")
    page.get_by_label("How will everyone know it has happened?").fill("A dip sample of ten assessments shows it.")
    page.get_by_label("Owner agency").select_option(label=CSC)
    owner = page.get_by_label("Named owner")
    owner.select_option(label=owner.locator("option", has_text=f"({CSC})").first.text_content())
    fill_date(page, "due_on", dt.date.today() + dt.timedelta(days=90))
    page.get_by_label("High").check()
    page.get_by_role("button", name="Raise the action").click()
    expect(banner(page)).to_contain_text("has been raised")
    axe.check(page)
    action_url = page.url.split("?")[0]
    screenshot(page, "meeting-action-raised-from-recommendation")

    # ...keeps it from being withdrawn: the page names the open action, links to it and offers no withdrawal.
    page.goto(recommendation_url)
    axe.check(page)
    page.get_by_role("link", name="Withdraw it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the recommendation")
    expect(page).to_have_title(f"Withdraw the recommendation – {MEETING_AUDIT} – maca")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "It cannot be withdrawn while an action raised from it is still open"
    )
    open_actions = page.locator("#open-actions")
    expect(open_actions).to_contain_text(f"{ACTION} (not started)")
    expect(page.locator("main")).to_contain_text("Close or cancel it in the action plan, saying why")
    expect(page.get_by_role("button", name="Withdraw the recommendation")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    axe.check(page)
    screenshot(page, "meeting-withdraw-recommendation-with-open-action")
    open_actions.get_by_role("link", name=re.compile(re.escape(ACTION))).click()
    axe.check(page)
    assert page.url == action_url
    expect(page.locator("main")).to_contain_text(ACTION)

    # Moving on to 'Writing up' warns of the finding whose themes nobody confirmed, and links to it.
    open_audit(page, axe)
    page.get_by_role("button", name="Move to ‘Writing up’").click()
    axe.check(page)
    warning = "1 strength or finding has themes nobody has confirmed yet."
    expect(page.locator(".govuk-warning-text")).to_contain_text(warning)
    move_url = page.url
    page.get_by_role("link", name="See the strengths and findings whose themes are not confirmed").click()
    axe.check(page)
    to_confirm = page.locator("#themes-to-confirm")
    expect(to_confirm).to_have_text("Themes to confirm")
    expect(to_confirm).to_be_in_viewport()
    expect(page.locator("table", has=page.locator("caption", has_text="Themes to confirm"))).to_contain_text(
        UNCONFIRMED
    )
    screenshot(page, "meeting-themes-to-confirm")

    # Without 'Move on anyway' the move is refused; with it, the audit moves on.
    page.goto(move_url)
    axe.check(page)
    page.get_by_label("Writing up").check()
    page.get_by_label("Why?").fill("The meeting is done; the surgery will confirm its themes later.")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Select ‘Move on anyway’ to move the audit on as it is")
    expect(page.get_by_label("Why?")).to_have_value("The meeting is done; the surgery will confirm its themes later.")
    axe.check(page)
    screenshot(page, "meeting-move-on-anyway-refused")
    summary.get_by_role("link", name=re.compile("^Select ‘Move on anyway’")).click()
    expect(page.get_by_label("Move on anyway")).to_be_focused()
    page.get_by_label("Move on anyway").check()
    page.get_by_role("button", name="Save").click()
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Writing up")
    expect(page.get_by_role("button", name="Move to ‘Actions’")).to_be_visible()
    screenshot(page, "meeting-audit-moved-to-writing-up")
