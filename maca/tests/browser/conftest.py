"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the Chromium comes from Debian (make system).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from maca.accounts.tests.factories import PASSWORD, TOTP_SECRET, totp_code

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("MACA_CHROMIUM", "/usr/bin/chromium")

# Sync Playwright runs an event loop in the test thread; Django's ORM calls
# from the test body are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The page's Content Security Policy would block the injected axe script.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB", "timezone_id": "Europe/London"}


class Accessibility:
    """Runs axe-core on pages and collects serious and critical violations."""

    def __init__(self):
        self.problems: list[str] = []
        self.pages: list[str] = []

    def check(self, page) -> None:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        self.pages.append(page.url)
        for violation in violations:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{page.url}: {violation['id']} ({violation['impact']}) {targets}")

    def assert_clean(self) -> None:
        assert self.pages, "no page was checked"
        assert not self.problems, "Accessibility violations:\n" + "\n".join(self.problems)


@pytest.fixture
def axe():
    checker = Accessibility()
    yield checker
    checker.assert_clean()


def sign_in(
    page,
    base_url: str,
    email: str,
    password: str = PASSWORD,
    secret: str | None = TOTP_SECRET,
    code_offset: int = 0,
    axe: Accessibility | None = None,
) -> None:
    page.goto(f"{base_url}/accounts/login/")
    if axe:
        axe.check(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_role("heading", name="Enter your security code").wait_for()
        if axe:
            axe.check(page)
        page.get_by_label("Code").fill(totp_code(secret, code_offset))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/$"))
