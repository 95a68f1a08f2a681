"""The QA officer of the demo partnership plans next year's programme, imports
the demo case list, draws a balanced sample and starts the audit; the police
lead then sees only the police's cases.

Every choice ticked is seen again after saving: board priorities, the sample's
four dimensions, the three agencies of a case. On a 375 px wide screen the
menu opens, which it does only once GOV.UK Frontend has started under the
Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from maca.programme.services import business_year
from maca.tests.browser.conftest import screenshot
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
CASE_LIST = Path(__file__).resolve().parents[2] / "demo" / "data" / "wyvernshire_case_list.csv"
DIMENSIONS = ["Age band (youngest child)", "Level of service", "Disability or SEND", "Locality or team"]
NOT_CHOSEN = ["Sex", "Ethnicity"]
THREE_AGENCIES = {"Wyvern and Fenmoor Police", "Wyvernshire Children’s Social Care", "Kingsmere Academy"}


def ticked(page, group: str) -> set[str]:
    """The labels of the ticked boxes in the fieldset whose legend is ``group``."""
    fieldset = page.locator("fieldset", has=page.locator("legend", has_text=group))
    boxes = fieldset.locator("input[type=checkbox]:checked")
    return {
        fieldset.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").inner_text().strip()
        for i in range(boxes.count())
    }


def test_qa_officer_plans_imports_draws_and_agencies_see_their_cases(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    next_year = business_year(dt.date.today()) + 1
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)

    # On a phone the sections are behind a menu button that GOV.UK Frontend brings to life.
    page.set_viewport_size({"width": 375, "height": 812})
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Programme", exact=True)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Programme", exact=True)).to_be_visible()
    axe.check(page)
    screenshot(page, "qa-officer-home-menu-open-375px")
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Next year's programme.
    page.goto(f"{base}/programme/{next_year}/")
    axe.check(page)
    page.get_by_role("button", name=re.compile("Create the .* programme")).click()
    axe.check(page)
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("programme has been created")
    axe.check(page)
    page.get_by_role("button", name="Plan an audit").click()
    axe.check(page)
    page.get_by_role("button", name="Save").click()  # empty: every error listed
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    axe.check(page)
    page.get_by_label("Title", exact=True).fill("Exploitation of teenagers")
    page.get_by_label("Theme", exact=True).fill(
        "How agencies spot and respond to criminal exploitation of 13 to 17 year olds."
    )
    page.get_by_label("Exploitation").check()
    page.get_by_label("Disabled children").check()
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
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text("Exploitation")
    expect(summary).to_contain_text("Disabled children")
    # Opened again, the plan shows both priorities ticked, the kind chosen, the tool selected.
    page.get_by_role("link", name="Change the plan").click()
    axe.check(page)
    assert ticked(page, "Board priorities it addresses") == {"Exploitation", "Disabled children"}
    expect(page.get_by_label("Themed multi-agency audit")).to_be_checked()
    expect(page.get_by_label("Audit tool")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Audit tool").locator("option:checked")).to_have_text("Agency case audit tool")
    page.goto(audit_url)
    axe.check(page)
    page.get_by_role("button", name=re.compile("Move to ‘Selecting cases’")).click()
    axe.check(page)
    page.get_by_label("Why?").fill("Theme agreed by the QA sub-group.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Selecting cases")
    axe.check(page)

    # Import the case list (the shipped demo file) with the saved mapping.
    page.get_by_role("link", name="Case lists", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Upload a case list").click()
    axe.check(page)
    page.get_by_label("Upload a case list").set_input_files(str(CASE_LIST))
    page.get_by_role("button", name="Upload", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("main")).to_contain_text("Imported")
    axe.check(page)

    # Draw a balanced sample on four dimensions (two of them not the usual ones).
    page.goto(audit_url)
    axe.check(page)
    page.get_by_role("link", name="Draw a random, balanced sample").click()
    axe.check(page)
    for label in NOT_CHOSEN:
        page.get_by_label(label, exact=True).uncheck()
    for label in DIMENSIONS:
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Seed (optional)").fill("424242")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the sample compares with the pool")
    axe.check(page)
    balanced_on = page.locator(".govuk-summary-list__row", has_text="Balanced on").locator("dd")
    assert set(balanced_on.inner_text().strip().split(", ")) == set(DIMENSIONS)
    for label in DIMENSIONS:
        expect(page.locator("main")).to_contain_text(f"{label} (balanced)")
    # The draw page, opened again, shows the four ticked.
    page.get_by_role("link", name="Back").click()
    axe.check(page)
    assert ticked(page, "Balance the sample on") == set(DIMENSIONS)
    expect(page.get_by_label("Seed (optional)")).to_have_value("")  # a redraw gets a new seed unless asked
    page.goto(audit_url)
    axe.check(page)
    page.get_by_role("link", name="Selected cases and the agencies auditing them").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"6 cases reviewing \d+ children"))
    axe.check(page)
    cases_url = page.url

    # Three agencies for the first case, and they are what the page shows afterwards.
    page.locator("a", has_text=re.compile(r"^Agencies")).first.click()
    axe.check(page)
    agencies_url = page.url
    boxes = page.locator("fieldset input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).uncheck()
    for name in THREE_AGENCIES:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save agencies").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("have been saved")
    axe.check(page)
    page.goto(agencies_url)
    axe.check(page)
    assert ticked(page, "Agencies that will audit this case") == THREE_AGENCIES

    # Make sure the police audit every other case, then start the audit.
    page.goto(cases_url)
    axe.check(page)
    rows = page.locator("a", has_text=re.compile(r"^Agencies"))
    for index in range(1, rows.count()):
        page.locator("a", has_text=re.compile(r"^Agencies")).nth(index).click()
        axe.check(page)
        police = page.get_by_label("Wyvern and Fenmoor Police")
        if not police.is_checked():
            police.check()
        page.get_by_role("button", name="Save agencies").click()
        axe.check(page)
    page.goto(audit_url)
    axe.check(page)
    page.get_by_role("button", name=re.compile("Move to ‘Agencies auditing’")).click()
    axe.check(page)
    page.get_by_label("Why?").fill("Cases and agencies agreed.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Agencies auditing")
    axe.check(page)

    # The police lead sees the police's cases, and only those.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", code_offset=1, axe=axe)
    lead.get_by_role("link", name="Returns", exact=True).click()
    expect(lead.locator("main")).to_contain_text("Exploitation of teenagers")
    axe.check(lead)
    # Each return links to its case's record, where the identifiers are.
    lead.locator("main table a", has_text=re.compile(r"^F-")).first.click()
    expect(lead.get_by_role("heading", name="Identifiers for finding your own records")).to_be_visible()
    axe.check(lead)
    lead_context.close()
