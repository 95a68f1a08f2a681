"""A partnership admin signs in with an authenticator code, switches
partnership, and invites an auditor, then sends the invitation again; the
auditor creates an account with the new link and sets up their own
authenticator; the admin then sees the role and agency they chose. axe finds
no serious or critical problem on any page."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, totp_code
from maca.tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_signs_in_switches_partnership_and_invites_an_auditor(live_server, page, world, axe, browser):
    base = live_server.url
    admin = world["admin"]
    MembershipFactory(user=admin.user, partnership=world.other_partnership, role=Role.BOARD_MEMBER)

    # Sign in: password, then the code from the authenticator app.
    sign_in_as(page, base, admin, axe=axe)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Partnership admin")

    # Switch to the other partnership and back.
    page.get_by_role("link", name="Switch partnership").click()
    axe.check(page)
    page.get_by_role("button", name="Work in Otherby Safeguarding Children Partnership").click()
    expect(page.locator(".maca-header")).to_contain_text("Otherby SCP")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board member")
    axe.check(page)
    page.get_by_role("link", name="Switch partnership").click()
    axe.check(page)
    page.get_by_role("button", name="Work in Testshire Safeguarding Children Partnership").click()
    expect(page.locator(".maca-header")).to_contain_text("Testshire SCP")
    axe.check(page)

    # Invite an auditor for the police.
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="People", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Invite someone").click()
    axe.check(page)
    page.get_by_role("button", name="Send invitation").click()  # empty: every error is listed
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person")
    axe.check(page)
    page.get_by_label("Full name").fill("Ira Investigator")
    page.get_by_label("E-mail address").fill("ira@testshire.example")
    page.get_by_label("Agency auditor").check()
    page.get_by_label("Agency", exact=True).select_option(label="Testshire Police")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Invitation for ira@testshire")
    axe.check(page)
    # What was chosen is what the invitation says.
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="People", exact=True).click()
    axe.check(page)
    invitations = page.get_by_role("table", name="Invitations not yet accepted")
    waiting = invitations.get_by_role("row", name=re.compile("Ira"))
    expect(waiting).to_contain_text("Agency auditor")
    expect(waiting).to_contain_text("Testshire Police")
    expect(waiting).to_contain_text("Expires")

    # Ira has not seen it: the admin sends it again, and the new e-mail's link is the one that works.
    waiting.get_by_role("button", name="Resend invitation to ira@testshire.example").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The invitation to ira@testshire.example has been sent again"
    )
    axe.check(page)

    # The invitation e-mail, kept for the admin to read in development: the newest first.
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="E-mails", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name=re.compile("You are invited")).first.click()
    axe.check(page)
    link = re.search(r"https?://\S+/invitations/\S+/", page.locator("pre").inner_text()).group(0)
    path = "/" + link.split("/", 3)[3]

    # The auditor opens the link in their own browser.
    auditor_context = browser.new_context()
    auditor = auditor_context.new_page()
    auditor.goto(base + path)
    axe.check(auditor)
    auditor.get_by_label("Create a password").fill("a-long-new-password-1")
    auditor.get_by_label("Confirm password").fill("a-long-new-password-1")
    auditor.get_by_role("button", name="Create account").click()

    # Before anything else: an authenticator app.
    expect(auditor.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    axe.check(auditor)
    auditor.get_by_text("I cannot scan the QR code").click()
    secret = auditor.locator("#authenticator_secret").inner_text().strip()
    base64.b32decode(secret)  # a real setup key
    auditor.get_by_label("Code").fill("123456" if totp_code(secret) != "123456" else "654321")
    auditor.get_by_role("button", name="Continue").click()
    expect(auditor.locator(".govuk-error-summary")).to_be_visible()
    axe.check(auditor)
    auditor.get_by_label("Code").fill(totp_code(secret))
    auditor.get_by_role("button", name="Continue").click()
    expect(auditor.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    axe.check(auditor)
    auditor.get_by_role("button", name=re.compile("I have kept my codes safe")).click()
    expect(auditor.get_by_role("heading", level=1)).to_contain_text("Agency auditor, Testshire Police")
    axe.check(auditor)
    auditor_context.close()

    # The admin sees the new person with the role and agency chosen.
    page.get_by_role("link", name="Administration", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="People", exact=True).click()
    axe.check(page)
    member = page.get_by_role("table", name="People with access").get_by_role("row", name=re.compile("Ira"))
    expect(member).to_contain_text("Agency auditor")
    expect(member).to_contain_text("Testshire Police")
