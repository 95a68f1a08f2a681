"""Two tabs, one finding: the QA officer rewords a finding in one tab, then
saves the page opened before in the other. maca says it was their own change
on another page, not "someone else"'s, shows both pages' words, and saving
again keeps this page's. The browser logs no error on the way."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from maca.demo.meeting import MEETING_AUDIT
from maca.findings.models import Finding
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
QA = "qa@wyvernshire.example"
FIRST = "The school was not told about the move until a month later."
SECOND = "Nobody told the school about the move for a month."


def test_the_qa_officers_own_change_in_another_tab_is_said_to_be_theirs(live_server, page, demo, axe):  # noqa: F811
    base = live_server.url
    sign_in_demo(page, base, QA, axe=axe)
    finding = Finding.objects.filter(audit__title=MEETING_AUDIT, removed_at__isnull=True).order_by("pk").first()
    url = base + reverse("findings:finding_edit", args=[finding.audit_id, finding.pk])
    page.goto(url)
    axe.check(page)
    other = page.context.new_page()
    other.goto(url)
    axe.check(other)

    page.get_by_label("What did the meeting agree?").fill(FIRST)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The finding has been changed")
    axe.check(page)

    other.get_by_label("What did the meeting agree?").fill(SECOND)
    other.get_by_role("button", name="Save").click()
    summary = other.locator(".govuk-error-summary").first
    expect(summary.locator("h2")).to_have_text("You changed this finding on another page")
    expect(summary).to_contain_text(
        "You changed this finding on another page (another tab or window) while editing it here"
    )
    expect(other.locator("main")).not_to_contain_text("Someone else")
    expect(other.get_by_label("What did the meeting agree?")).to_have_value(SECOND)
    expect(other.locator("main")).to_contain_text(FIRST)  # what the other page saved, under this page's
    axe.check(other)

    other.get_by_role("button", name="Save").click()
    expect(other.locator(".govuk-notification-banner--success")).to_contain_text("The finding has been changed")
    axe.check(other)
    other.goto(url)
    expect(other.get_by_label("What did the meeting agree?")).to_have_value(SECOND)
    axe.check(other)
    other.close()
