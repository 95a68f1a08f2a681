"""The QA officer of the demo partnership changes the agency case audit tool:
from Audit tools they make a new draft version, add a section, then a question
auditors answer by ticking several choices and a number they must give. A
question with one choice is refused with a GOV.UK error summary, what they
typed still in the form (each kind of answer's settings show under its radio,
only once it is chosen, and stay open when the form is shown again); fixed, it is saved, and opened again it is still a
question of several choices with its three choices (an earlier round turned
such questions into radios). They move the number question up, look at the
draft as auditors will see it, and publish it with a note of what changed: the
page says so, and the tool's versions table shows the new version in use and
the old one replaced.

The police lead then opens a return of "Neglect in families with babies" (an
audit using that tool) that nobody has started, which has moved to the new
version: the new section is on its task list, and the two choices they tick
are still ticked when they open it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
TOOL = "Agency case audit tool"
NEGLECT = "Neglect in families with babies"
SECTION = "Help offered to the family"
SEVERAL = "Which help was offered to the family?"
CHOICES = ["Early help assessment", "Parenting programme", "Referral to a health visitor"]
TICKED = CHOICES[:2]
NUMBER = "How many home visits were recorded?"
NOTES = "Adds a section on the help offered to the family."


def question_titles(page, section: str) -> list[str]:
    """The questions of ``section`` on the draft's page, in the order shown (each
    one's "Change" link names it for screen readers)."""
    links = page.locator("section", has=page.get_by_role("heading", name=section, exact=True)).get_by_role(
        "link", name=re.compile("^Change the question ")
    )
    names = [" ".join(text.split()) for text in links.all_text_contents()]
    return [re.sub(r"^Change the question ‘(.*)’$", r"\1", name) for name in names]


def test_the_qa_officer_builds_and_publishes_a_version_and_a_lead_answers_it(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Audit tools", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit tools")
    axe.check(page)
    page.get_by_role("link", name=TOOL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOOL)
    axe.check(page)
    tool_url = page.url
    page.get_by_role("button", name="Make a new draft version").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 has been created")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 2")
    axe.check(page)
    draft_url = page.url.split("#")[0]

    # A new section.
    page.get_by_role("button", name="Add a section").click()
    axe.check(page)
    page.get_by_label("Title", exact=True).fill(SECTION)
    page.get_by_label("Guidance for auditors (optional)").fill("Early help and universal services only.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"The section ‘{SECTION}’")
    axe.check(page)
    section = page.locator("section", has=page.get_by_role("heading", name=SECTION, exact=True))
    expect(section).to_contain_text("This section has no questions yet.")

    # A question of several choices, with only one choice: refused, and what was typed is kept.
    section.get_by_role("button", name=f"Add a question to the section ‘{SECTION}’").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question")
    axe.check(page)
    page.get_by_label("Question", exact=True).fill(SEVERAL)
    # Each kind's settings show under its radio once it is chosen, and only that kind's.
    several_choices = page.get_by_label("Choices auditors tick from")
    expect(several_choices).to_be_hidden()
    expect(page.get_by_label("Grading scale (for grade questions only)")).to_be_hidden()
    page.get_by_label("Several choices from a list").check()
    expect(several_choices).to_be_visible()
    expect(page.get_by_label("Choices auditors pick one from")).to_be_hidden()
    expect(page.get_by_label("Most characters allowed (for free text only)")).to_be_hidden()
    several_choices.fill(CHOICES[0])
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter at least 2 different choices, one per line")
    expect(page).to_have_title(re.compile("^Error: "))
    axe.check(page)
    # The summary's link leads to the field; the field says what is wrong.
    expect(summary.get_by_role("link", name="Enter at least 2 different choices")).to_have_attribute(
        "href", "#id_several_choices"
    )
    expect(page.locator("#id_several_choices-error")).to_contain_text("Enter at least 2 different choices")
    expect(page.get_by_label("Question", exact=True)).to_have_value(SEVERAL)
    expect(page.get_by_label("Several choices from a list")).to_be_checked()
    expect(several_choices).to_be_visible()
    expect(several_choices).to_have_value(CHOICES[0])
    expect(page.get_by_label("Choices auditors pick one from")).to_be_hidden()
    expect(page.get_by_label("An answer is needed before the return can be submitted")).to_be_checked()
    # Fixed: three choices, one per line, and auditors may leave it blank.
    several_choices.fill("\n".join(CHOICES))
    page.get_by_label("An answer is needed before the return can be submitted").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The question has been added")
    axe.check(page)

    # A number auditors must give.
    section.get_by_role("button", name=f"Add a question to the section ‘{SECTION}’").click()
    axe.check(page)
    page.get_by_label("Question", exact=True).fill(NUMBER)
    page.get_by_label("Hint (optional)").fill("Count every visit to the home, announced or not.")
    page.get_by_label("Number", exact=True).check()
    expect(page.get_by_label("An answer is needed before the return can be submitted")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The question has been added")
    axe.check(page)
    assert question_titles(page, SECTION) == [SEVERAL, NUMBER]

    # Opened again, the question is what was saved: several choices, the three of them, blank allowed.
    page.get_by_role("link", name=f"Change the question ‘{SEVERAL}’").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the question")
    axe.check(page)
    expect(page.get_by_label("Question", exact=True)).to_have_value(SEVERAL)
    expect(page.get_by_label("Several choices from a list")).to_be_checked()
    expect(page.get_by_label("One choice from a list")).not_to_be_checked()
    expect(several_choices).to_be_visible()
    expect(several_choices).to_have_value("\n".join(CHOICES))
    expect(page.get_by_label("An answer is needed before the return can be submitted")).not_to_be_checked()
    page.get_by_role("link", name="Back to the draft").click()
    axe.check(page)

    # The number question moved up, above the choices.
    page.get_by_role("button", name=f"Move up the question ‘{NUMBER}’").click()
    axe.check(page)
    assert question_titles(page, SECTION) == [NUMBER, SEVERAL]

    # The draft as auditors will see it: three boxes to tick (not radios), a number to give.
    several = section.locator("fieldset", has=page.locator("legend", has_text=SEVERAL))
    expect(several.locator("input[type=checkbox]")).to_have_count(3)
    expect(several.locator("input[type=radio]")).to_have_count(0)
    for choice in CHOICES:
        expect(several.get_by_label(choice, exact=True)).to_be_visible()
    expect(section.get_by_label(NUMBER)).to_have_attribute("inputmode", "numeric")
    expect(section).to_contain_text("Auditors may leave this blank.")
    expect(section).to_contain_text("An answer is needed before submitting.")

    # Published, with a note of what changed.
    page.get_by_label("What changed in this version (optional)").fill(NOTES)
    page.get_by_role("button", name="Publish this version").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"Version 2 of ‘{TOOL}’ has been published.")
    expect(banner).to_contain_text(re.compile(r"\d+ returns? not yet started ha(s|ve) moved to version 2"))
    axe.check(page)
    expect(page).to_have_url(re.compile(re.escape(draft_url)))
    expect(page.get_by_role("link", name=f"Change the question ‘{SEVERAL}’")).to_have_count(0)
    expect(page.locator(".govuk-summary-list")).to_contain_text(NOTES)
    page.get_by_role("link", name="Back to the tool").click()
    expect(page).to_have_url(tool_url)
    axe.check(page)
    versions = page.get_by_role("table", name="Versions")
    new_row = versions.get_by_role("row", name=re.compile("^Version 2"))
    expect(new_row).to_contain_text("Published")
    expect(new_row).to_contain_text("by Jordan Reeve")
    expect(new_row).to_contain_text(NOTES)
    expect(versions.get_by_role("row", name=re.compile("^Version 1"))).to_contain_text("Replaced by a later version")
    expect(page.get_by_role("button", name="Make a new draft version")).to_be_visible()

    # The police lead opens a return nobody has started: it now asks the new questions.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", code_offset=1, axe=axe)
    lead.get_by_role("link", name="Returns", exact=True).click()
    axe.check(lead)
    not_started = lead.locator("main tbody tr", has_text=NEGLECT).filter(has_text="Not started").first
    not_started.get_by_role("link", name=re.compile(r"^Case \d+")).click()
    axe.check(lead)
    lead.get_by_role("button", name="Start the audit").click()
    axe.check(lead)
    task = lead.locator(".govuk-task-list__item", has_text=SECTION)
    expect(task).to_contain_text("Not yet started")
    task.get_by_role("link", name=SECTION).click()
    expect(lead.locator("h1")).to_have_text(SECTION)
    axe.check(lead)
    section_url = lead.url
    for choice in TICKED:
        lead.get_by_label(choice, exact=True).check()
    lead.get_by_role("button", name="Save and continue").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(f"Your answers to ‘{SECTION}’")
    axe.check(lead)
    # Opened again: the two choices ticked, the third not.
    lead.goto(section_url)
    expect(lead.locator("h1")).to_have_text(SECTION)
    axe.check(lead)
    for choice in TICKED:
        expect(lead.get_by_label(choice, exact=True)).to_be_checked()
    expect(lead.get_by_label(CHOICES[2], exact=True)).not_to_be_checked()
    expect(lead.get_by_label(NUMBER)).to_have_value("")
    lead_context.close()
