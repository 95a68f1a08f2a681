"""WCAG 2.2 AA beyond axe (issue 8, items 10 and 11), for each role's main pages:

- tabbing through a page, every element that takes focus visibly changes
  (2.4.7): its outline, shadow, background or colour, or those of what it
  holds, such as a status tag inside a link;
- at 320px the page itself never scrolls sideways (1.4.10): wide tables
  scroll in their own focusable, named region;
- the service navigation is one line at 1280px, and the response grid fits;
- each role's home page is kept as a screenshot at 1280px and 375px
  (``var/screenshots/home-<role>-<width>.png``);
- the time-out warning (2.2.1): it comes before the session ends, "Stay
  signed in" renews the session, typing a long answer keeps it alive, and
  when time is up the page says why and leads back.

One browser, each persona's pages in a loop."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from maca.tests.browser.conftest import screenshot, sign_in_as
from maca.tests.browser.demo import demo, sign_in_demo  # noqa: F401  (fixture)
from maca.tests.url_expectations import build_fixtures

pytestmark = pytest.mark.django_db(transaction=True)

# What a focus style can change, on the element, on what it holds, and on
# the label drawn for a GOV.UK radio or checkbox (whose input is invisible).
SNAPSHOT = r"""
(element) => {
  const PROPS = ["box-shadow", "background-color", "color", "text-decoration-line", "text-decoration-thickness",
                 "border-color"];
  const clear = (colour) => colour === "transparent" || /rgba\(.*,\s*0\)$/.test(colour);
  // A transparent outline (GOV.UK's, for forced colours) shows nothing on an ordinary screen.
  const outline = (s) => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor)
    ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "no outline";
  const read = (node, pseudo) => {
    const s = getComputedStyle(node, pseudo || null);
    return [outline(s), ...PROPS.map((p) => s.getPropertyValue(p))].join("|");
  };
  const box = element.getBoundingClientRect();
  // A child that covers the element with a background of its own hides the
  // element's background and shadow (a status tag inside a link).
  const covered = [...element.querySelectorAll("*")].some((child) => {
    const r = child.getBoundingClientRect();
    return !clear(getComputedStyle(child).backgroundColor) && r.width * r.height >= 0.6 * box.width * box.height;
  });
  const s = getComputedStyle(element);
  const own = covered ? outline(s) : read(element);
  const parts = [own, ...[...element.querySelectorAll("*")].slice(0, 30).map((child) => read(child))];
  const label = element.matches("input") && element.nextElementSibling;
  if (label) {
    parts.push(read(label, "::before"), read(label, "::after"));
  }
  return parts.join("/");
}
"""

MARK_FOCUSABLES = """
() => {
  const focusables = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])")];
  focusables.forEach((element, index) => element.setAttribute("data-focus-index", String(index)));
  return focusables.length;
}
"""

NAV_LINES = """
() => {
  const items = [...document.querySelectorAll(".govuk-service-navigation__item")];
  return new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size;
}
"""


def check_focus_is_visible(page, *, limit: int = 120) -> int:
    """Tabs through the page; every element that takes focus must look different."""
    page.mouse.move(0, 0)
    count = page.evaluate(MARK_FOCUSABLES)
    before = {}
    for index in range(count):
        element = page.locator(f"[data-focus-index='{index}']")
        before[str(index)] = element.evaluate(SNAPSHOT)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen, problems = set(), []
    for _ in range(min(limit, count + 2)):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("() => document.activeElement")
        index = focused.evaluate("(e) => e.getAttribute('data-focus-index')")
        if index is None or index in seen:
            break
        seen.add(index)
        if focused.evaluate(SNAPSHOT) == before[index]:
            problems.append(focused.evaluate("(e) => e.outerHTML.slice(0, 160)"))
    assert seen, f"{page.url}: nothing took focus"
    assert not problems, f"{page.url}: focus does not show on:\n" + "\n".join(problems)
    return len(seen)


def check_no_sideways_scroll(page) -> None:
    """At 320px (400% zoom of 1280px) the page itself does not scroll sideways."""
    page.set_viewport_size({"width": 320, "height": 800})
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth)"
            ".slice(0, 5).map((e) => e.tagName + '.' + e.className)"
        )
        pytest.fail(f"{page.url} scrolls sideways at 320px ({widths[0]}px wide): {wide}")
    for region in page.locator(".maca-scroll").all():
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert (region.get_attribute("aria-label") or "").strip(), f"{page.url}: a scroll region has no name"
    page.set_viewport_size({"width": 1280, "height": 900})


def pages_for(fixtures) -> dict[str, list[str]]:
    audit = fixtures.returns_audit
    case = audit.audit_cases.order_by("number").first().case
    qa = [
        reverse("home:index"),
        reverse("programme:home"),
        reverse("programme:audit", args=[audit.pk]),
        reverse("selection:cases", args=[audit.pk]),
        reverse("returns:tracking", args=[audit.pk]),
        reverse("returns:summary", args=[audit.pk]),
        reverse("pool:index"),
        reverse("returns:detail", args=[fixtures.submitted_return.pk]),
        reverse("pool:case", args=[case.pk]),
    ]
    return {
        "qa": qa,
        "admin": [reverse("home:index"), reverse("accounts:members"), reverse("audit_trail:events")],
        "lead": [reverse("home:index"), reverse("selection:my_cases"), reverse("returns:mine")],
        "auditor": [
            reverse("home:index"),
            reverse("returns:detail", args=[fixtures.return_record.pk]),
            reverse("returns:edit", args=[fixtures.return_record.pk]),
            reverse("chronology:return", args=[fixtures.return_record.pk]),
        ],
        "board": [reverse("home:index"), reverse("programme:home")],
        "scrutineer": [reverse("home:index"), reverse("programme:audit", args=[audit.pk])],
    }


def test_focus_shows_nothing_scrolls_sideways_and_home_pages_are_kept(live_server, world, browser, axe):
    base = live_server.url
    fixtures = build_fixtures(world, {})
    for role, paths in pages_for(fixtures).items():
        cache.clear()  # an authenticator code is accepted once; each sign-in takes it afresh
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in_as(page, base, world[role], axe=axe)
        for path in paths:
            if page.url != base + path:
                page.goto(base + path)
                axe.check(page)
            assert page.evaluate(NAV_LINES) <= 1, f"{role}: the navigation wraps at 1280px"
            assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), path
            if path == reverse("home:index"):
                screenshot(page, f"home-{role}-1280")
                page.set_viewport_size({"width": 375, "height": 800})
                screenshot(page, f"home-{role}-375")
                page.set_viewport_size({"width": 1280, "height": 900})
            check_focus_is_visible(page)
            check_no_sideways_scroll(page)
        context.close()


def test_the_response_grid_fits_the_screen_with_its_headings_in_view(live_server, world, browser, axe):
    fixtures = build_fixtures(world, {})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_as(page, live_server.url, world["qa"], axe=axe)
    page.goto(live_server.url + reverse("returns:tracking", args=[fixtures.returns_audit.pk]))
    axe.check(page)
    region = page.get_by_role("region", name="Returns by agency and case")
    box = region.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    # An agency a row, a case a column: the agency names and case headings stay in view as it scrolls.
    assert region.locator("thead th").first.text_content().strip() == "Agency"
    positions = region.evaluate(
        "(r) => [getComputedStyle(r.querySelector('thead th')).position,"
        " getComputedStyle(r.querySelector('tbody th')).position]"
    )
    assert positions == ["sticky", "sticky"]
    # Each status tag is a link whose focus shows on the tag itself.
    link = region.locator("tbody a").first
    link.focus()
    tag_colour = link.locator(".govuk-tag").evaluate("(t) => getComputedStyle(t).backgroundColor")
    assert tag_colour == "rgb(255, 221, 0)"

    context.close()


def test_on_a_phone_each_focused_cell_of_the_grid_is_in_full_view(live_server, demo, browser, axe):  # noqa: F811
    """Tabbing along the response grid at 375px, each focused cell is in full
    view: never under the agency column or the heading row, which stay in place
    (WCAG 2.4.11). The browser's own scrolling left cells under the agency column."""
    from maca.programme.models import Audit

    audit = Audit.objects.get(title="Neglect in families with babies")
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    sign_in_demo(page, live_server.url, "qa@wyvernshire.example", axe=axe)
    page.goto(live_server.url + reverse("returns:tracking", args=[audit.pk]))
    axe.check(page)
    links = page.get_by_role("region", name="Returns by agency and case").locator("tbody a")
    assert links.count() >= 12
    links.first.focus()
    for step in range(12):
        page.wait_for_timeout(50)  # the cell is brought into view on the next frame
        place = page.evaluate(FOCUSED_CELL_PLACE)
        assert place["left"] >= place["visibleLeft"] - 1 and place["right"] <= place["visibleRight"] + 1, (step, place)
        assert place["top"] >= place["visibleTop"] - 1, (step, place)
        page.keyboard.press("Tab")

    # Pages that once scrolled sideways on a phone: a heading that is a file
    # name with no spaces, and the tables of what recurs across the cases.
    from maca.cases.models import CaseImport

    case_list = CaseImport.objects.filter(partnership=audit.partnership).earliest("pk")
    for path in (
        reverse("cases:import_detail", args=[case_list.pk]),
        reverse("findings:across_cases", args=[audit.pk]),
    ):
        page.goto(live_server.url + path)
        axe.check(page)
        check_no_sideways_scroll(page)
    context.close()


FOCUSED_CELL_PLACE = """() => {
  const cell = document.activeElement.closest("td, th");
  const region = cell.closest(".maca-scroll");
  const area = region.getBoundingClientRect();
  const box = cell.getBoundingClientRect();
  return {
    left: box.left, right: box.right, top: box.top,
    visibleLeft: region.querySelector("tbody th").getBoundingClientRect().right,
    visibleRight: area.right,
    visibleTop: region.querySelector("thead th").getBoundingClientRect().bottom,
  };
}"""


def test_the_time_out_warning(live_server, world, browser, axe, settings):
    fixtures = build_fixtures(world, {})
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_as(page, base, world["auditor"], axe=axe)
    section = reverse("returns:section", args=[fixtures.return_record.pk, 1])  # a section of the return
    edit_url = base + section

    # Five seconds after the page loads, the warning: two minutes and five seconds are left.
    settings.SESSION_COOKIE_AGE = 125
    settings.SESSION_WARNING_SECONDS = 120
    settings.SESSION_RENEW_AFTER_TYPING_SECONDS = 1
    forget_shared_end = "() => window.localStorage.clear()"  # what pages said under the half-hour setting
    page.evaluate(forget_shared_end)
    page.goto(edit_url)
    axe.check(page)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")

    # Typing a long answer keeps the session alive: no warning while the auditor types.
    answer = page.locator("textarea").first
    answer.click()
    started = time.monotonic()
    while time.monotonic() - started < 8:
        answer.press_sequentially("More of what the records show. ", delay=20)
        expect(dialog).to_be_hidden()

    # They stop; the warning comes, takes focus, and says when.
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("For your security, we will sign you out in 2 minutes.")
    assert page.evaluate("() => document.getElementById('maca-timeout').contains(document.activeElement)")
    axe.check(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()

    # Staying signed in renews the session and closes the warning; focus goes back.
    with page.expect_response(re.compile(r"/account/keep-alive/$")) as renewal:
        page.get_by_role("button", name="Stay signed in").click()
    assert renewal.value.json()["signed_in"] is True
    expect(dialog).to_be_hidden()
    expect(answer).to_be_focused()

    # Time runs out: the page says why, and signing in again leads back.
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_WARNING_SECONDS = 5
    page.evaluate(forget_shared_end)
    page.reload()
    axe.check(page)
    expect(dialog).to_be_visible(timeout=5_000)
    page.wait_for_url(re.compile(r"/signed-out/"), timeout=15_000)
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    sign_in_again = page.get_by_role("link", name="Sign in again")
    assert "next=" + section in sign_in_again.get_attribute("href")
    assert page.goto(base + reverse("home:index")) and "/accounts/login/" in page.url
    axe.check(page)
    context.close()
