"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the Chromium comes from Debian (make system).

Every journey is strict, under the real Content-Security-Policy (no context
bypasses it). For each page of every browser context a test opens, the test
fails on:

- a console error, or any console message about the Content-Security-Policy;
- a `securitypolicyviolation` event in the page;
- an uncaught exception in the page;
- a failed request, and any 4xx or 5xx answer for a static file;
- a page that loaded and was never checked with axe-core.

What a journey uses:

- ``axe.check(page)``: runs axe-core on the page as it is; any serious or
  critical violation fails the test. Call it after each navigation: every page
  the journey loads must have been checked before the test ends.
- ``browser_checks.expect(pattern)``: a block in which console errors matching
  ``pattern`` are expected (and must happen), e.g. a 401 the page handles.
- ``sign_in(page, base_url, email, axe=axe)``, ``sign_in_as(page, base_url,
  persona, axe=axe)`` for the personas of ``maca/tests/personas.py``, and
  ``sign_in_demo`` (``demo.py``) for the demo partnership's logins.
- ``screenshot(page, name)``: saves ``var/screenshots/<name>.png`` (the whole
  page) and returns its path.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from maca.accounts.tests.factories import PASSWORD, TOTP_SECRET, totp_code

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("MACA_CHROMIUM", "/usr/bin/chromium")

# Sync Playwright runs an event loop in the test thread; Django's ORM calls
# from the test body are still synchronous, on the thread's one connection
# (maca/conftest.py keeps it the same while the loop runs).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Reported to the console, where the console listener picks it up, because
# Chromium does not always log a violation it reports as an event.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`Content-Security-Policy violation: ${event.violatedDirective} blocked ${blocked}`);
});
"""


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
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


class BrowserChecks:
    """Watches every page of every context and collects what must fail the test."""

    def __init__(self):
        self.problems: list[str] = []
        self.loads: list[dict] = []  # one per document loaded: page, url, checked
        self._expected: list[dict] = []

    # Watching --------------------------------------------------------------------

    def watch_context(self, context) -> None:
        context.add_init_script(script=REPORT_CSP_VIOLATIONS)
        context.on("page", self.watch_page)
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)
        for page in context.pages:
            self.watch_page(page)

    def watch_page(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._problem(f"{page.url}: uncaught error in the page: {error}"))
        page.on("load", lambda loaded: self.loads.append({"page": loaded, "url": loaded.url, "checked": False}))

    def _console(self, page, message) -> None:
        text = message.text
        if message.type != "error" and "Content-Security-Policy" not in text and "Content Security Policy" not in text:
            return
        for expected in self._expected:
            if expected["pattern"].search(text):
                expected["seen"] += 1
                return
        self._problem(f"{page.url}: console {message.type}: {text}")

    def _request_failed(self, request) -> None:
        # A navigation or htmx request cut short by the next click is not a fault;
        # any static file that did not arrive is.
        if request.failure == "net::ERR_ABORTED" and "/static/" not in request.url:
            return
        self._problem(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self._problem(f"static file answered {response.status}: {response.url}")

    def _problem(self, text: str) -> None:
        self.problems.append(text)

    # For journeys ----------------------------------------------------------------

    @contextmanager
    def expect(self, pattern: str):
        """Console errors matching ``pattern`` are expected in this block, and must occur."""
        expected = {"pattern": re.compile(pattern), "seen": 0}
        self._expected.append(expected)
        try:
            yield
        finally:
            self._expected.remove(expected)
        assert expected["seen"], f"expected a console message matching {pattern!r}"

    def mark_checked(self, page) -> None:
        for load in reversed(self.loads):
            if load["page"] is page:
                load["checked"] = True
                return

    def assert_clean(self) -> None:
        unchecked = [load["url"] for load in self.loads if not load["checked"]]
        problems = list(self.problems)
        if unchecked:
            problems.append("pages loaded but never checked with axe: " + ", ".join(unchecked))
        assert not problems, "The browser reported:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def browser_checks(browser, monkeypatch):
    """Every context a journey opens (its ``page``, or ``browser.new_context()``) is watched."""
    checks = BrowserChecks()
    original = browser.new_context

    def new_context(*args, **kwargs):
        assert not kwargs.get("bypass_csp"), "Journeys run under the real Content-Security-Policy."
        context = original(*args, **kwargs)
        checks.watch_context(context)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    return checks


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    # Checked right after the test body, so that what the browser saw fails the test itself.
    result = yield
    checks = item.funcargs.get("browser_checks")
    if checks is not None:
        checks.assert_clean()
    return result


def _revealing_radio(rule: str, node: dict) -> bool:
    """The one violation GOV.UK Frontend's conditional reveal is known to have:
    it marks a radio that reveals a panel ``aria-expanded``, which ARIA does
    not allow on a radio and axe-core reports as aria-allowed-attr
    (alphagov/govuk-frontend#1972; the design system keeps it, as screen
    readers announce the panel opening). Any other attribute, element or rule
    is still reported."""
    return (
        rule == "aria-allowed-attr"
        and re.match(r'<input class="govuk-radios__input"[^>]* type="radio"', node["html"]) is not None
        and "aria-controls=" in node["html"]
        and set(re.findall(r"ARIA attribute is not allowed: ([\w-]+)=", node.get("failureSummary") or ""))
        == {"aria-expanded"}
    )


class Accessibility:
    """Runs axe-core on pages and collects serious and critical violations."""

    def __init__(self, checks: BrowserChecks):
        self.checks = checks
        self.problems: list[str] = []
        self.pages: list[str] = []
        self._source = AXE.read_text()

    def check(self, page) -> None:
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self._source + "\n;undefined")
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        self.pages.append(page.url)
        self.checks.mark_checked(page)
        for violation in violations:
            nodes = [node for node in violation["nodes"] if not _revealing_radio(violation["id"], node)]
            if nodes and violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in nodes][:3]
                self.problems.append(f"{page.url}: {violation['id']} ({violation['impact']}) {targets}")

    def assert_clean(self) -> None:
        assert self.pages, "no page was checked"
        assert not self.problems, "Accessibility violations:\n" + "\n".join(self.problems)


@pytest.fixture
def axe(browser_checks):
    checker = Accessibility(browser_checks)
    yield checker
    checker.assert_clean()


def screenshot(page, name: str) -> Path:
    """The whole page as ``var/screenshots/<name>.png``, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(
    page,
    base_url: str,
    email: str,
    *,
    axe: Accessibility,
    password: str = PASSWORD,
    secret: str | None = TOTP_SECRET,
    code_offset: int = 0,
    then: str = r".*/$",
) -> None:
    """Sign in from the sign-in page; ``then`` is the address expected afterwards (the home page)."""
    if "/accounts/login/" not in page.url:
        page.goto(f"{base_url}/accounts/login/")
    axe.check(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_role("heading", name="Enter your security code").wait_for()
        axe.check(page)
        page.get_by_label("Code").fill(totp_code(secret, code_offset))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(then))
    axe.check(page)


def sign_in_as(page, base_url: str, persona, *, axe: Accessibility, code_offset: int = 0) -> None:
    """Sign in as one of the personas (maca/tests/personas.py), with their authenticator if they have one."""
    from allauth.mfa.models import Authenticator

    has_authenticator = Authenticator.objects.filter(user=persona.user, type=Authenticator.Type.TOTP).exists()
    sign_in(
        page,
        base_url,
        persona.user.email,
        secret=TOTP_SECRET if has_authenticator else None,
        code_offset=code_offset,
        axe=axe,
    )
