"""The QA officer of the demo partnership drafts the 6 Step Briefing of last
year's audit, edits a section and types a child's name into it; the safety
check stops it going for approval until the name is replaced by the child's
pseudonym in one click. The QA sub-group's chair approves it, the QA officer
publishes it, and a board member downloads the PDF and the Word file, which
say what the page says and hold no name. The QA officer starts a correction
and changes its reason (one naming the child is refused), then abandons it:
the publication is as it was, the correction listed as abandoned; that
version, opened from the table of versions, goes back to the publication, and
drafting the briefing again is refused with a link to it. The annual report of
that year renders with its table of audits."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from maca.core.presenters import long_date
from maca.demo.partnership import DEMO_PASSWORD
from maca.demo.publications import BABIES_AUDIT
from maca.programme.services import business_year
from maca.publications.tests.pdf import pdf_text
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import demo, draft_the_babies_briefing, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
HEADINGS = [
    "1. Theme and cases",
    "2. Process",
    "3. Strengths identified per case",
    "4. Findings identified per case",
    "5. Recommendations: issues identified across multiple cases",
    "6. Good practice and evidence as a result of the audit",
]
TYPED = "At the last visit Kacey was not seen alone, and nobody asked why."


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def ready_to_publish(page):
    """The "Ready to publish" panel of the home page."""
    return page.locator("section", has=page.get_by_role("heading", name="Ready to publish", exact=True))


def success(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def test_a_briefing_drafted_checked_approved_published_and_downloaded(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url
    last_year = business_year(dt.date.today()) - 1
    title = f"6 Step Briefing: {BABIES_AUDIT}"

    # The QA officer drafts the briefing from the audit's record.
    sign_in_demo(page, base, "qa@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Publications", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Draft a publication").click()
    axe.check(page)
    page.get_by_role("button", name="Draft it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what to draft")
    axe.check(page)
    page.get_by_label("6 Step Briefing").check()
    page.get_by_label("Audit", exact=True).select_option(
        label=f"{BABIES_AUDIT} ({last_year}–{str(last_year + 1)[-2:]})"
    )
    page.get_by_role("button", name="Draft it").click()
    success(page, "has been drafted")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert [h.strip() for h in page.locator("article h2").all_inner_texts()] == HEADINGS
    from maca.selection.models import AuditCase

    audited = AuditCase.objects.filter(audit__title=BABIES_AUDIT).select_related("case")
    children = sum(a.case.children_count or a.case.children.count() for a in audited)
    assert len(audited) == 5
    expect(page.locator("article")).to_contain_text(f"5 cases about {children} children were audited by 3 agencies.")
    axe.check(page)
    screenshot(page, "publications-draft-six-step-briefing")

    # A section edited, with a child's name typed in by mistake.
    page.get_by_role("link", name="Edit ‘4. Findings identified per case’").click()
    axe.check(page)
    text = page.get_by_label("Text", exact=True)
    text.fill(text.input_value() + "\n\n" + TYPED)
    page.get_by_role("button", name="Save the section").click()
    success(page, "has been saved")
    expect(page.locator("#section-findings")).to_contain_text(TYPED)
    expect(page.locator(".govuk-warning-text")).to_contain_text("found 1 thing that could identify someone")
    axe.check(page)

    # Submitting is refused while the name is there.
    page.get_by_role("button", name="Submit for approval").click()
    axe.check(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Replace each one or keep it with a reason before it can be submitted"
    )
    axe.check(page)

    # The safety check shows the name in context, with its reason; one click puts the pseudonym in.
    page.get_by_role("link", name="See what the safety check found").click()
    axe.check(page)
    hit = page.locator(".maca-hit")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark")).to_have_text("Kacey")
    expect(hit).to_contain_text("At the last visit Kacey was not seen alone")
    screenshot(page, "publications-safety-check-hit")
    hit.get_by_role("button", name=re.compile("Replace with ‘Child A1’")).click()
    success(page, "Replaced with ‘Child A1’")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Nothing left to fix")
    axe.check(page)
    page.get_by_role("link", name="Back to the publication").click()
    expect(page.locator("#section-findings")).to_contain_text("At the last visit Child A1 was not seen alone")
    axe.check(page)
    page.get_by_role("button", name="Submit for approval").click()
    axe.check(page)
    page.get_by_role("button", name="Submit for approval").click()
    success(page, "submitted for approval")
    expect(page.locator("#version-status .govuk-tag")).to_have_text("Submitted for approval")
    axe.check(page)

    # The QA sub-group's chair approves it.
    chair_context = browser.new_context()
    chair = chair_context.new_page()
    sign_in_demo(chair, base, "qa.chair@wyvernshire.example", code_offset=1, axe=axe)
    chair.get_by_role("link", name="Publications", exact=True).click()
    axe.check(chair)
    chair.get_by_role("link", name=title).click()
    axe.check(chair)
    chair.get_by_role("button", name="Approve").click()
    axe.check(chair)
    chair.get_by_role("button", name="Approve").click()
    success(chair, "has been approved")
    axe.check(chair)
    chair_context.close()

    # Approved, it waits on the QA officer's home page, which leads to it; the QA officer publishes it.
    page.get_by_role("link", name="Home", exact=True).click()
    axe.check(page)
    ready = ready_to_publish(page)
    approved = f"{title}, version 1: approved by "
    expect(ready.get_by_role("link", name=re.compile("^" + re.escape(approved)))).to_have_text(
        re.compile(re.escape(approved) + r".+ on " + re.escape(long_date(dt.date.today())) + "$")
    )
    screenshot(page, "publications-ready-to-publish-home")
    ready.get_by_role("link", name=re.compile("^" + re.escape(approved))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    axe.check(page)
    page.get_by_role("button", name="Publish").click()
    axe.check(page)
    page.get_by_role("button", name="Publish").click()
    success(page, "has been published")
    expect(page.locator("#version-status .govuk-tag")).to_have_text("Published")
    axe.check(page)
    publication_url = page.url
    # Published, it is no longer waiting on the home page.
    page.get_by_role("link", name="Home", exact=True).click()
    axe.check(page)
    expect(ready_to_publish(page)).to_contain_text(
        "Briefings and reports the approver has approved will appear here, for you to publish."
    )
    expect(ready_to_publish(page)).not_to_contain_text(approved)
    page.goto(publication_url)
    axe.check(page)

    # A board member reads it and downloads the PDF and the Word file.
    board_context = browser.new_context()
    board = board_context.new_page()
    sign_in(board, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    board.get_by_role("link", name="Publications", exact=True).click()
    axe.check(board)
    board.get_by_role("link", name=title).click()
    expect(board.locator("article")).to_contain_text("At the last visit Child A1 was not seen alone")
    axe.check(board)
    screenshot(board, "publications-published-briefing-board")
    pdf = " ".join(pdf_text(download(board, "PDF (tagged for screen readers)")).split())
    positions = [pdf.index(heading) for heading in [title, *HEADINGS]]
    assert positions == sorted(positions)
    assert "Wyvernshire Safeguarding Children Partnership" in pdf
    assert "Child A1 was not seen" in pdf
    assert "Kacey" not in pdf and "Marlow" not in pdf
    word = WordDocument(io.BytesIO(download(board, "Word document")))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [title]
    assert "Kacey" not in "\n".join(p.text for p in word.paragraphs)
    board_context.close()

    # The QA officer starts a correction, then changes its reason, which every reader will see.
    page.get_by_role("link", name="Correct the published version").click()
    axe.check(page)
    reason = page.get_by_label("What is being corrected, and why?")
    reason.fill("Step 4 named the wrong agency for the last visit.")
    page.get_by_role("button", name="Start a correction").click()
    success(page, "A new draft has been made from the published text")
    axe.check(page)
    page.get_by_role("link", name="Change the reason for the correction").click()
    axe.check(page)
    expect(reason).to_have_value("Step 4 named the wrong agency for the last visit.")
    reason.fill("Step 4 said Kacey was seen by the wrong agency at the last visit.")
    page.get_by_role("button", name="Save the reason").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Leave ‘Kacey’ out of the reason")
    axe.check(page)
    reason.fill("Step 4 said Child A1 was seen by the wrong agency at the last visit.")
    page.get_by_role("button", name="Save the reason").click()
    success(page, "The reason for the correction has been saved.")
    expect(page.locator("article")).to_contain_text(
        "Correction: Step 4 said Child A1 was seen by the wrong agency at the last visit."
    )
    axe.check(page)
    screenshot(page, "publications-correction-reason-changed")

    # The correction is not needed after all: the QA officer abandons it, asked first, and the
    # publication is as it was, with the abandoned correction listed among its versions.
    page.get_by_role("link", name="Abandon this correction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to abandon this correction?")
    expect(page).to_have_title(re.compile(r"^Are you sure you want to abandon this correction\? – "))
    expect(page.locator(".govuk-warning-text")).to_contain_text("An abandoned correction cannot be taken up again")
    axe.check(page)
    screenshot(page, "publications-abandon-correction")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#version-status .govuk-tag")).to_have_text("Draft")
    axe.check(page)
    page.get_by_role("link", name="Abandon this correction").click()
    axe.check(page)
    page.get_by_role("button", name="Abandon this correction").click()
    success(page, "The correction has been abandoned. Version 1 is still the published version.")
    expect(page.locator("#version-status")).to_contain_text("Version 1")
    expect(page.locator("#version-status .govuk-tag")).to_have_text("Published")
    expect(page.locator("article")).not_to_contain_text("Correction:")
    expect(page.locator("article")).to_contain_text("At the last visit Child A1 was not seen alone")
    expect(page.get_by_role("link", name="Correct the published version")).to_be_visible()
    expect(page.get_by_role("link", name="Abandon this correction")).to_have_count(0)
    versions = page.locator("table", has=page.locator("caption", has_text="Versions"))
    expect(versions.locator("tbody tr").first).to_contain_text("Correction abandoned")
    expect(versions.locator("tbody tr").first).to_contain_text("abandoned by")
    axe.check(page)
    screenshot(page, "publications-correction-abandoned")

    # A version opened from that table goes back to its publication, not to the list.
    versions.get_by_role("link", name="Version 1", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Back to the publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    axe.check(page)

    # Drafting it again is refused, with a link to the one the audit has.
    draft_the_babies_briefing(page, axe=axe)
    expect(page.locator(".govuk-error-summary")).to_contain_text("This audit already has a 6 Step Briefing")
    axe.check(page)
    page.get_by_role("link", name=f"Open ‘{title}’").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    axe.check(page)

    # The annual report of that year, with its table of audits.
    page.get_by_role("link", name="Publications", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Draft a publication").click()
    axe.check(page)
    page.get_by_label("Annual quality assurance report").check()
    page.get_by_label("Programme year (for the annual report)").fill(str(last_year))
    page.get_by_role("button", name="Draft it").click()
    success(page, "has been drafted")
    label = f"{last_year}–{str(last_year + 1)[-2:]}"
    table = page.locator("table", has=page.locator("caption", has_text=f"Audits in {label}"))
    rows = table.evaluate(
        "(t) => [...t.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()))"
    )
    # The year also holds an audit brought in from an earlier record (the demo's past audits).
    babies = [row for row in rows if row[0] == BABIES_AUDIT]
    meeting = "21 January " + str(last_year + 1)
    assert babies == [[BABIES_AUDIT, babies[0][1], meeting, "5", str(children), "Writing up"]]
    expect(page.locator("#section-themes figure")).to_be_visible()
    expect(page.locator("#section-impact")).to_contain_text(title)
    axe.check(page)
    screenshot(page, "publications-annual-report")
