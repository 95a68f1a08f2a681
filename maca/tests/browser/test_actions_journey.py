"""In the demo partnership: the QA officer raises actions from two confirmed
recommendations of the neglect audit; the police lead posts progress with
evidence and asks for sign-off on both; the QA officer signs one off with its
impact and sends the other back; the board member sees the summary; an
overdue action is red, and its owner's reminder is in the e-mail log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maca.demo.partnership import DEMO_PASSWORD
from maca.tests.browser.conftest import sign_in
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, prefix: str, day: dt.date) -> None:
    page.locator(f"#id_{prefix}-day, [name='{prefix}-day']").first.fill(str(day.day))
    page.locator(f"[name='{prefix}-month']").fill(str(day.month))
    page.locator(f"[name='{prefix}-year']").fill(str(day.year))


def raise_from(page, axe, index: int, title: str, due: dt.date) -> str:
    page.get_by_role("link", name=f"Raise an action from recommendation {index}").click()
    axe.check(page)
    page.get_by_label("Short name").fill(title)
    page.get_by_label("What must happen").fill(f"{title}: agreed by every team and in use by the due date.")
    page.get_by_label("How will everyone know it has happened?").fill("A dip sample of ten cases shows it.")
    page.get_by_label("Owner agency").select_option(label="Wyvern and Fenmoor Police")
    owner = page.get_by_label("Named owner")
    lead_option = owner.locator("option", has_text="(Wyvern and Fenmoor Police)").first.text_content()
    owner.select_option(label=lead_option)
    fill_date(page, "due_on", due)
    page.get_by_label("High").check()
    page.get_by_role("button", name="Raise the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been raised")
    axe.check(page)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Cross-case recommendation")
    return page.url


def test_actions_from_recommendations_to_sign_off_board_and_reminder(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    today = timezone.localdate()

    # The QA officer raises an action from each of two recommendations of the neglect audit.
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Action plan", exact=True).click()
    axe.check(page)
    page.goto(base + "/programme/")
    axe.check(page)
    page.get_by_role("link", name=re.compile("^Neglect in families")).first.click()
    axe.check(page)
    page.get_by_role("link", name="Actions from this audit").click()
    axe.check(page)
    first = raise_from(page, axe, 1, "Missed contacts shared with the GP", today + dt.timedelta(days=60))
    page.goto(base + "/programme/")
    axe.check(page)
    page.get_by_role("link", name=re.compile("^Neglect in families")).first.click()
    axe.check(page)
    page.get_by_role("link", name="Actions from this audit").click()
    axe.check(page)
    second = raise_from(page, axe, 2, "Health visitors at strategy discussions", today + dt.timedelta(days=30))

    # The police lead sees both on the home page, posts progress with evidence and asks for sign-off.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", code_offset=1, axe=axe)
    expect(lead.locator("main")).to_contain_text("Missed contacts shared with the GP")
    lead.goto(first)
    axe.check(lead)
    lead.get_by_role("button", name="Post progress").click()
    axe.check(lead)
    lead.get_by_label("What has happened since the last update?").fill("A note template agreed with the GPs.")
    lead.get_by_label("Evidence (optional)").set_input_files(
        files=[{"name": "note-template.txt", "mimeType": "text/plain", "buffer": b"Template: missed contacts."}]
    )
    lead.get_by_role("button", name="Post the update").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("progress update has been added")
    axe.check(lead)
    expect(lead.locator("main")).to_contain_text("note-template.txt")
    expect(lead.locator(".govuk-summary-list")).to_contain_text("In progress")
    for url in (first, second):
        lead.goto(url)
        axe.check(lead)
        lead.get_by_role("button", name="Mark as completed").click()
        axe.check(lead)
        lead.get_by_label("What was done?").fill("Done and checked in a dip sample.")
        lead.get_by_role("button", name="Ask for sign-off").click()
        expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("waits for the QA officer")
        axe.check(lead)
        expect(lead.locator(".govuk-summary-list")).to_contain_text("Completed, awaiting sign-off")

    # The QA officer signs the first off with its impact and sends the second back.
    page.goto(base + "/")
    axe.check(page)
    expect(page.locator("main")).to_contain_text("Actions to sign off")
    page.goto(first)
    axe.check(page)
    page.get_by_role("button", name="Sign off or send back").click()
    axe.check(page)
    page.get_by_label("Sign it off and close it").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the statement of impact")
    axe.check(page)
    page.get_by_label("Statement of impact").fill("GPs now hear of missed baby checks within a week.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("signed off and closed")
    axe.check(page)
    expect(page.locator(".govuk-summary-list")).to_contain_text("GPs now hear of missed baby checks within a week.")
    page.goto(second)
    axe.check(page)
    page.get_by_role("button", name="Sign off or send back").click()
    axe.check(page)
    page.get_by_label("Send it back to the agency").check()
    page.get_by_label("What is still needed?").fill("Show the minutes of two strategy discussions.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent back")
    axe.check(page)
    expect(page.locator(".govuk-summary-list")).to_contain_text("In progress")

    # The board member sees the summary: the chart's figures, the overdue action, the closed one with its impact.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    board.get_by_role("link", name="See the board summary").click()
    axe.check(board)
    expect(board.locator("svg[role=img]")).to_have_count(1)
    overdue = board.locator("table", has_text="Days overdue")
    expect(overdue).to_contain_text("Neglect toolkit refresher for team managers")
    closed = board.locator("table", has_text="Statement of impact")
    expect(closed).to_contain_text("GPs now hear of missed baby checks within a week.")

    # On the plan, the overdue action is red.
    board.get_by_role("link", name="Back to the action plan").click()
    axe.check(board)
    row = board.locator("tr", has_text="Neglect toolkit refresher for team managers")
    expect(row.locator("[data-rag]")).to_have_text("Red")

    # The daily job reminds its owner; the admin sees the message in the e-mail log.
    from maca.actions.reminders import scheduled_reminders

    scheduled_reminders(today)
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    sign_in_demo(admin, base, "admin@wyvernshire.example", code_offset=1, axe=axe)
    admin.goto(base + "/manage/emails/")
    axe.check(admin)
    expect(admin.locator("main")).to_contain_text(re.compile(r"Action A\d+ is overdue by 8 days"))
    expect(admin.locator("main")).to_contain_text("csc.lead@wyvernshire.example")
