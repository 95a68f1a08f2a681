"""Browser journeys that use the demo partnership, as a new user would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from maca.demo.partnership import DEMO_PASSWORD, DEMO_TOTP_SECRET
from maca.demo.publications import BABIES_AUDIT
from maca.programme.services import business_year
from maca.tests.browser.conftest import sign_in


@pytest.fixture
def demo(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def sign_in_demo(page, base_url: str, email: str, *, axe, code_offset: int = 0, then: str = r".*/$") -> None:
    """Sign in as one of the demo partnership's people (their logins share one authenticator secret)."""
    sign_in(
        page,
        base_url,
        email,
        password=DEMO_PASSWORD,
        secret=DEMO_TOTP_SECRET,
        code_offset=code_offset,
        axe=axe,
        then=then,
    )


def open_case_4_information_sharing(page, base_url: str, *, axe) -> tuple[str, str]:
    """As the police auditor: their return of case 4 started, on its
    "Information sharing" section. The return's address and its task list's."""
    sign_in_demo(page, base_url, "police.auditor@wyvernshire.example", axe=axe)
    page.goto(f"{base_url}/returns/")
    axe.check(page)
    page.get_by_role("link", name=re.compile(r"^Case 4")).first.click()
    axe.check(page)
    return_url = page.url
    page.get_by_role("button", name="Start the audit").click()
    axe.check(page)
    tasks_url = page.url
    page.get_by_role("link", name="Information sharing").click()
    axe.check(page)
    return return_url, tasks_url


def draft_the_babies_briefing(page, *, axe) -> None:
    """As the QA officer, from "Publications": a 6 Step Briefing of last year's
    audit of neglect in families with babies, asked for with "Draft it". What
    the page then says (drafted, or refused) is the journey's to check."""
    last_year = business_year(dt.date.today()) - 1
    page.get_by_role("link", name="Publications", exact=True).click()
    axe.check(page)
    page.get_by_role("button", name="Draft a publication").click()
    axe.check(page)
    page.get_by_label("6 Step Briefing").check()
    page.get_by_label("Audit", exact=True).select_option(
        label=f"{BABIES_AUDIT} ({last_year}–{str(last_year + 1)[-2:]})"
    )
    page.get_by_role("button", name="Draft it").click()


def open_who_has_responded(browser, base_url: str, *, axe):
    """The QA officer, signed in in a browser context of their own, on "Who has
    responded" of the audit of neglect in families with babies (from the
    programme). The page and its context (to close)."""
    context = browser.new_context()
    page = context.new_page()
    sign_in_demo(page, base_url, "qa@wyvernshire.example", axe=axe)
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Neglect in families with babies").click()
    axe.check(page)
    page.get_by_role("link", name="Who has responded").click()
    return page, context


def confirm_themes_keeping(page, kept: str, *, adding: str) -> None:
    """On a finding's page, with the themes maca suggests ticked: ``kept`` (a
    theme's key) must be among them; it is kept, the other suggestions are
    unticked, ``adding`` (a theme maca did not suggest, by its label) is
    ticked, and the themes are confirmed."""
    themes = page.locator("input[name=themes]")
    suggested = {box.get_attribute("value") for box in themes.all() if box.is_checked()}
    assert kept in suggested, suggested
    for box in themes.all():
        if box.is_checked() and box.get_attribute("value") != kept:
            box.uncheck()
    page.get_by_label(adding).check()
    page.get_by_role("button", name="Confirm themes").click()
