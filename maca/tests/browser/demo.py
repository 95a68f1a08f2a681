"""Browser journeys that use the demo partnership, as a new user would."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from maca.demo.partnership import DEMO_PASSWORD, DEMO_TOTP_SECRET
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
