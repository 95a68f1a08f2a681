"""In the demo partnership: a police auditor drafts a return, the lead submits
it, the QA officer sends it back asking for an event in the chronology; the
lead adds it through the Chronology task of the return's task list, sees it
counted there and on Check your answers, and resubmits; the QA officer, who
sees the answers and the chronology beside the decision, accepts it and
finds the entry among every change to the return; the integrated chronology
shows every agency's entries, and case 3's says the police's entry is left
out while their return is a draft; the QA officer withdraws case 5's return,
which the police lead sees marked withdrawn, when and why, on the agency's
returns and on Cases to audit; the response grid shows who is late, and a
reminder goes out, visible in the e-mail log. What each person chose is what
the page shows when it is opened again."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maca.core.presenters import short_date
from maca.tests.browser.conftest import screenshot
from maca.tests.browser.demo import demo, open_who_has_responded, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
SEND_BACK = "Please say whether the father was seen, and add the strategy discussion to the chronology."
STRATEGY = "Strategy discussion with children's social care after the second referral"
NEGLECT = "Neglect in families with babies"
DRAFT_EVENT = "Officers called at the house after a neighbour heard the baby crying for hours"
WITHDRAWN_BECAUSE = "Made in error: the police had no contact with this family"


def answer_everything(page, axe) -> None:
    """Section by section from the task list, pick the first option of every
    question, as a hurried tester would."""
    # The sections: every task but the chronology, which has no questions.
    sections = ".govuk-task-list__item:not(.maca-task--chronology) .govuk-task-list__link"
    links = page.locator(sections)
    for index in range(links.count()):
        page.locator(sections).nth(index).click()
        axe.check(page)
        groups = page.locator("form .govuk-radios")
        for group in range(groups.count()):
            groups.nth(group).locator("input").first.check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("have been saved")
        axe.check(page)


def rows_of(table) -> list[dict[str, str]]:
    """A table's rows as a person reads them: each cell's text under its column's heading."""
    return table.evaluate(
        """(t) => {
          const head = [...t.querySelectorAll('thead th')].map((c) => c.innerText.trim());
          return [...t.querySelectorAll('tbody tr')].map((r) =>
            Object.fromEntries([...r.children].map((c, i) => [head[i], c.innerText.trim()])));
        }"""
    )


def chosen(page, index: int) -> str | None:
    """The value of the chosen radio in the return's ``index``-th question, if any."""
    picked = page.locator("form .govuk-radios").nth(index).locator("input:checked")
    return picked.get_attribute("value") if picked.count() else None


def test_a_return_from_draft_to_accepted_with_chronology_grid_and_reminder(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    # The auditor starts case 4's return and saves a draft.
    sign_in_demo(page, base, "police.auditor@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Returns", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=re.compile(r"^Case 4")).first.click()
    axe.check(page)
    page.get_by_role("button", name="Start the audit").click()
    axe.check(page)
    page.locator(".govuk-task-list__link").first.click()
    axe.check(page)
    first = page.locator("form .govuk-radios").first.locator("input").first
    first.check()
    # The draft saves itself as the auditor works (htmx), and the form follows the new version...
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=10_000)
    axe.check(page)
    # Under a Content-Security-Policy with no inline styles: htmx added none of its own (its indicator
    # styles are switched off by the page's htmx-config) and the saved status brought none.
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("style, [style]").count() == 0
    second = page.locator("form .govuk-radios").nth(1).locator("input").first
    second.check()
    answers = {0: first.get_attribute("value"), 1: second.get_attribute("value")}
    # ...so saving by hand afterwards is not mistaken for someone else's change.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("have been saved")
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("In progress")
    axe.check(page)
    return_url = page.url.removesuffix("edit/")
    # Opened again, the two answers are chosen and no other.
    page.locator(".govuk-task-list__link").first.click()
    axe.check(page)
    assert {index: chosen(page, index) for index in range(3)} == {**answers, 2: None}

    # The auditor notes an event in case 3's return, still a draft.
    page.get_by_role("link", name="Returns", exact=True).click()
    axe.check(page)
    case_5_url = base + page.get_by_role("link", name=re.compile(rf"^Case 5 – {NEGLECT}")).get_attribute("href")
    page.get_by_role("link", name=re.compile(rf"^Case 3 – {NEGLECT}")).click()
    axe.check(page)
    case_3_url = page.url
    page.get_by_role("link", name="Chronology", exact=True).click()
    axe.check(page)
    page.locator("#id_date-day").fill("3")
    page.locator("#id_date-month").fill("3")
    page.locator("#id_date-year").fill("2025")
    page.get_by_label("Significant event").fill(DRAFT_EVENT)
    page.get_by_label("Negative").check()
    page.get_by_role("button", name="Add the entry").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added to the chronology")
    axe.check(page)

    # The lead completes and submits it; a first try with questions unanswered is stopped.
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in_demo(lead, base, "police.lead@wyvernshire.example", axe=axe)
    lead.goto(return_url)
    axe.check(lead)
    lead.get_by_role("link", name="Check your answers and submit").click()
    axe.check(lead)
    lead.get_by_role("button", name="Submit to the QA officer").click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Answer ‘")
    axe.check(lead)
    lead.goto(return_url + "edit/")
    axe.check(lead)
    answer_everything(lead, axe)
    lead.get_by_role("button", name="Check your answers").click()
    axe.check(lead)
    lead.get_by_role("button", name="Submit to the QA officer").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("submitted to the QA officer")
    axe.check(lead)
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Submitted")

    # The QA officer sees who is late, and sends the return back.
    page, qa_context = open_who_has_responded(browser, base, axe=axe)
    expect(page.locator("main")).to_contain_text("the deadline has passed")
    expect(page.locator("main table").nth(1)).to_contain_text("Late")
    axe.check(page)
    page.goto(return_url)
    axe.check(page)
    page.get_by_role("button", name="Accept or send back").click()
    axe.check(page)
    page.get_by_label("Send it back to the agency").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the agency needs to change")
    axe.check(page)
    page.get_by_label("Comments for the agency").fill(SEND_BACK)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent back")
    axe.check(page)

    # The lead sees the decision and the comment, and the answers they gave; resubmits; the QA officer accepts.
    lead.goto(return_url)
    axe.check(lead)
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Sent back")
    expect(lead.locator("main")).to_contain_text(SEND_BACK)
    lead.get_by_role("button", name="Continue editing").click()
    axe.check(lead)
    lead.locator(".govuk-task-list__link").first.click()
    axe.check(lead)
    groups = lead.locator("form .govuk-radios")
    first_options = [groups.nth(i).locator("input").first.get_attribute("value") for i in range(groups.count())]
    assert [chosen(lead, i) for i in range(groups.count())] == first_options
    # The comment asks for an event in the chronology: the task list leads to it.
    lead.goto(return_url + "edit/")
    axe.check(lead)
    chronology_task = lead.locator(".maca-task--chronology")
    expect(chronology_task).to_contain_text("No chronology entries")
    chronology_task.get_by_role("link", name="Chronology").click()
    axe.check(lead)
    expect(lead.locator("h1")).to_have_text("Chronology")
    lead.locator("#id_date-day").fill("14")
    lead.locator("#id_date-month").fill("2")
    lead.locator("#id_date-year").fill("2025")
    lead.get_by_label("Significant event").fill(STRATEGY)
    lead.get_by_label("Negative").check()
    lead.get_by_role("button", name="Add the entry").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("added to the chronology")
    expect(lead.locator("#entries")).to_contain_text(STRATEGY)
    axe.check(lead)
    # The form's address opened in the browser (reloaded, bookmarked) leads back to the form.
    chronology_url = lead.url
    lead.goto(chronology_url + "add/")
    expect(lead).to_have_url(chronology_url + "#add")
    expect(lead.get_by_role("heading", name="Add an entry")).to_be_visible()
    expect(lead.locator("#entries")).to_contain_text(STRATEGY)
    axe.check(lead)
    lead.get_by_role("link", name="Back to the sections").click()
    expect(lead.locator(".maca-task--chronology")).to_contain_text("1 entry")
    axe.check(lead)
    lead.get_by_role("button", name="Check your answers").click()
    axe.check(lead)
    expect(lead.locator(".govuk-summary-card", has_text="Chronology")).to_contain_text("1 entry")
    lead.get_by_role("button", name="Submit to the QA officer").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("submitted")
    axe.check(lead)
    page.goto(return_url)
    axe.check(page)
    page.get_by_role("button", name="Accept or send back").click()
    axe.check(page)
    # What is decided on is beside the decision: the answers, read-only, and the chronology.
    expect(page.locator("main")).to_contain_text("What the agency sent")
    expect(page.locator(".govuk-summary-card", has_text="Chronology")).to_contain_text("1 entry")
    expect(
        page.locator("main .govuk-summary-card").first.get_by_role("link", name=re.compile("^Change"))
    ).to_have_count(0)
    page.get_by_label("Accept the return").check()
    page.get_by_role("button", name="Save decision").click()
    axe.check(page)
    page.goto(return_url)
    axe.check(page)
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Accepted")
    page.get_by_role("link", name="Every change").click()
    expect(page.locator("main")).to_contain_text("Version")
    added = page.locator("main h2", has_text="Chronology entry added: Chris Hale")
    expect(added).to_have_count(1)
    expect(page.locator("main")).to_contain_text(STRATEGY)
    axe.check(page)

    # The integrated chronology of case 1: the police's and children's social care's entries.
    page.goto(f"{base}/programme/")
    axe.check(page)
    page.get_by_role("link", name="Neglect in families with babies").click()
    axe.check(page)
    page.get_by_role("link", name="Who has responded").click()
    axe.check(page)
    # The police's return of case 1: its row, its first column of cases.
    police = page.locator("main table").nth(1).locator("tbody tr", has_text="Wyvern and Fenmoor Police")
    police.locator("td").first.locator("a").click()
    axe.check(page)
    page.get_by_role("link", name="Multi-agency chronology of case 1").click()
    main = page.locator("main")
    expect(main).to_contain_text("Wyvern and Fenmoor Police")
    expect(main).to_contain_text("Wyvernshire Children’s Social Care")
    expect(main).to_contain_text("Repeated referrals")
    axe.check(page)

    # Case 3's leaves out the police's entry, its return still a draft, and says so.
    page.goto(case_3_url)
    axe.check(page)
    page.get_by_role("link", name="Multi-agency chronology of case 3").click()
    expect(main).to_contain_text(
        "Entries from 1 return still in draft are not shown: they are shown once it is submitted."
    )
    expect(main).to_contain_text("No submitted return has an entry in its chronology of this case yet.")
    expect(main).not_to_contain_text(DRAFT_EVENT)
    expect(main).not_to_contain_text("0 entries")
    expect(page.get_by_role("link", name="Print this chronology")).to_have_count(0)
    axe.check(page)
    screenshot(page, "returns-integrated-chronology-draft-left-out")

    # The police's return for case 5 was asked for in error: the QA officer withdraws it, saying why.
    page.goto(case_5_url)
    axe.check(page)
    page.get_by_role("link", name="Withdraw", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Withdraw the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the return is being withdrawn")
    axe.check(page)
    screenshot(page, "returns-withdraw-reason-missing")
    page.get_by_label("Why is this return being withdrawn?").fill(WITHDRAWN_BECAUSE)
    page.get_by_role("button", name="Withdraw the return").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been withdrawn")
    axe.check(page)

    # The police lead sees it on the agency's returns, withdrawn, when and why; Cases to audit says so too.
    lead.get_by_role("link", name="Returns", exact=True).click()
    axe.check(lead)
    withdrawn_on = f"Withdrawn on {short_date(timezone.localdate())}: {WITHDRAWN_BECAUSE}"
    rows = rows_of(lead.get_by_role("table", name="Your agency’s returns"))
    case_5 = [row for row in rows if row["Audit"] == NEGLECT and row["Case"].startswith("Case 5")]
    assert [(row["Status"], row["Return by"]) for row in case_5] == [("Withdrawn", withdrawn_on)], case_5
    screenshot(lead, "returns-withdrawn-on-the-agencys-returns")
    lead.get_by_role("link", name="Cases to audit", exact=True).first.click()
    axe.check(lead)
    rows = rows_of(lead.locator("main table"))
    case_5 = [row for row in rows if row.get("Audit", NEGLECT) == NEGLECT and row["Case"].startswith("Case 5")]
    assert [row["Return by"] for row in case_5] == ["Withdrawn"], rows
    screenshot(lead, "returns-withdrawn-on-cases-to-audit")

    # A reminder by hand to an agency with returns outstanding...
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Neglect in families with babies").click()
    axe.check(page)
    page.get_by_role("link", name="Who has responded").click()
    axe.check(page)
    page.get_by_role("button", name=re.compile("Send a reminder to Wyvernshire Children’s Social Care")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is on its way")
    axe.check(page)
    # ...is in the e-mail log an admin can read in development.
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    sign_in_demo(admin, base, "admin@wyvernshire.example", axe=axe)
    admin.get_by_role("link", name="Administration", exact=True).click()
    axe.check(admin)
    admin.get_by_role("link", name="E-mails", exact=True).click()
    expect(admin.locator("main")).to_contain_text("Reminder:")
    axe.check(admin)
    for context in (lead_context, qa_context, admin_context):
        context.close()
