"""The QA officer of the demo partnership plans next year's programme, imports
the demo case list, draws a balanced sample and starts the audit; the police
lead then sees only the police's cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from maca.programme.services import business_year
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
CASE_LIST = Path(__file__).resolve().parents[2] / "demo" / "data" / "wyvernshire_case_list.csv"


def test_qa_officer_plans_imports_draws_and_agencies_see_their_cases(live_server, page, demo, axe, browser):  # noqa: F811
    import datetime as dt

    base = live_server.url
    next_year = business_year(dt.date.today()) + 1
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)

    # Next year's programme.
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.goto(f"{base}/programme/{next_year}/")
    page.get_by_role("button", name=re.compile("Create the .* programme")).click()
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("programme has been created")
    axe.check(page)
    page.get_by_role("button", name="Plan an audit").click()
    page.get_by_role("button", name="Save").click()  # empty: every error listed
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    axe.check(page)
    page.get_by_label("Title", exact=True).fill("Exploitation of teenagers")
    page.get_by_label("Theme", exact=True).fill(
        "How agencies spot and respond to criminal exploitation of 13 to 17 year olds."
    )
    page.get_by_label("Exploitation").check()
    page.get_by_label("Themed multi-agency audit").check()
    page.get_by_label("Number of cases").fill("6")
    for prefix, (day, month) in {
        "planned_selection_date": (1, 5),
        "return_deadline": (15, 6),
        "planned_meeting_date": (1, 7),
    }.items():
        page.locator(f"#id_{prefix}-day").fill(str(day))
        page.locator(f"#id_{prefix}-month").fill(str(month))
        page.locator(f"#id_{prefix}-year").fill(str(next_year))
    page.get_by_label("Audit tool").select_option(label="Agency case audit tool")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploitation of teenagers")
    axe.check(page)
    audit_url = page.url
    page.get_by_role("button", name=re.compile("Move to ‘Selecting cases’")).click()
    page.get_by_label("Why?").fill("Theme agreed by the QA sub-group.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Selecting cases")

    # Import the case list (the shipped demo file) with the saved mapping.
    page.get_by_role("link", name="Case lists", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Upload a case list").click()
    page.get_by_label("Upload a case list").set_input_files(str(CASE_LIST))
    page.get_by_role("button", name="Upload", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("main")).to_contain_text("Imported")
    axe.check(page)

    # Draw a balanced sample.
    page.goto(audit_url)
    page.get_by_role("link", name="Draw a random, balanced sample").click()
    axe.check(page)
    for label in ("Age band (youngest child)", "Sex", "Ethnicity", "Level of service"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Seed (optional)").fill("424242")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the sample compares with the pool")
    expect(page.locator("main")).to_contain_text("Level of service (balanced)")
    axe.check(page)
    page.get_by_role("link", name="See the selected cases").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"6 cases reviewing \d+ children"))
    axe.check(page)

    # Make sure the police audit every case, then start the audit.
    rows = page.locator("a", has_text=re.compile(r"^Agencies$"))
    for index in range(rows.count()):
        page.locator("a", has_text=re.compile(r"^Agencies")).nth(index).click()
        police = page.get_by_label("Wyvern and Fenmoor Police")
        if not police.is_checked():
            police.check()
        page.get_by_role("button", name="Save agencies").click()
    axe.check(page)
    page.goto(audit_url)
    page.get_by_role("button", name=re.compile("Move to ‘Agencies auditing’")).click()
    page.get_by_label("Why?").fill("Cases and agencies agreed.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Agencies auditing")

    # The police lead sees the police's cases, and only those.
    lead_context = browser.new_context(bypass_csp=True)
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", code_offset=1)
    lead.get_by_role("link", name="Cases to audit", exact=True).click()
    expect(lead.locator("main")).to_contain_text("Exploitation of teenagers")
    axe.check(lead)
    lead.locator("main table a").first.click()
    expect(lead.get_by_role("heading", name="Identifiers for finding your own records")).to_be_visible()
    axe.check(lead)
    lead_context.close()
