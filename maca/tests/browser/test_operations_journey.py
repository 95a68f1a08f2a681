"""A QA officer finds an e-mail that could not be sent on their home page and
sends it again, and stops an import stuck in the queue; a partnership admin
reads the schedule of background jobs. axe finds no serious or critical
problem; the strict harness (conftest) fails on any browser error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maca.cases.services import case_import_start
from maca.cases.tests.factories import COLUMNS, uploaded_case_import
from maca.notifications.models import EmailStatus, OutgoingEmail
from maca.notifications.tests.factories import undelivered_email
from maca.tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_qa_officer_retries_an_e_mail_and_stops_a_stuck_import_admin_reads_the_schedule(
    live_server, page, world, axe, browser
):
    base = live_server.url
    email = undelivered_email(partnership=world.partnership, subject="Reminder: 2 returns outstanding")
    qa = world["qa"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=qa.user, name="stuck-list.csv")
    case_import_start(actor=qa.user, case_import=case_import, columns=COLUMNS, enqueue=False)

    sign_in(page, base, qa.user.email, axe=axe)
    panel = page.locator("section", has=page.get_by_role("heading", name="E-mails that could not be sent"))
    expect(panel).to_contain_text("Testshire SCP: Reminder: 2 returns outstanding")
    expect(panel).to_contain_text("Not sent")
    axe.check(page)
    panel.get_by_role("button", name=re.compile("Try again to send")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("will be tried again now")
    expect(page.get_by_role("heading", name="E-mails that could not be sent")).to_have_count(0)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    axe.check(page)

    page.get_by_role("link", name="Case lists", exact=True).click()
    expect(page.get_by_role("link", name="stuck-list.csv")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="stuck-list.csv").click()
    expect(page.locator("main")).to_contain_text("Importing")
    axe.check(page)
    page.get_by_role("button", name="Stop and discard this import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("stuck-list.csv has been discarded")
    axe.check(page)

    admin_context = browser.new_context()
    admin = admin_context.new_page()
    sign_in(admin, base, world["admin"].user.email, axe=axe)
    admin.get_by_role("link", name="Administration", exact=True).click()
    axe.check(admin)
    admin.get_by_role("link", name="Schedule", exact=True).click()
    main = admin.locator("main")
    expect(main).to_contain_text("Reminders about outstanding returns")
    expect(main).to_contain_text("Every day at 7:00am")
    expect(main).to_contain_text("Scheduler")
    axe.check(admin)
    admin_context.close()
    assert OutgoingEmail.objects.filter(status=EmailStatus.FAILED).count() == 0
