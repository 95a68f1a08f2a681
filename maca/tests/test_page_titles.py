"""Every page's title starts with the words of its heading (GOV.UK: "the page
title should be the same as the h1, with context after it"), and ends
" – maca". A page whose form has errors starts its title with "Error: ".

One person looks at each page: the first in ``PEOPLE`` the permission matrix
lets open it (a page's heading and title do not change with who reads it),
then, for pages none of them may open, the other members and a visitor who
has not signed in.

The pages and the records they show are the permission matrix's
(``url_expectations.py`` and each app's ``matrix_fixtures.py``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from maca.accounts.lockout import lockout_response
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.notifications.models import SentEmail
from maca.tests.test_permission_matrix import (  # noqa: F401  (fixtures: built once for this module too)
    _built,
    _representative_names,
    expectation_for,
    fixtures,
    world,
)
from maca.tests.url_expectations import ALL, STORED_EMAIL

PEOPLE = [persona for persona in ALL if persona not in ("anonymous", "outsider", "health_lead")]
OTHERS = ["health_lead", "outsider", "anonymous"]
SUFFIX = " – maca"
ERROR = "Error: "

# Pages that may have no h1, each with its reason. (None today: every page has one.)
NO_HEADING: dict[str, str] = {}


class _TitleAndHeading(HTMLParser):
    """The text of the <title> and of the first <h1>. A caption written inside
    the h1 (``<span class="govuk-caption-l">``) is context, not the heading's
    words, so it is left out; visually hidden text is kept, as a screen reader
    reads it as part of the heading."""

    def __init__(self):
        super().__init__()
        self.title: list[str] = []
        self.heading: list[str] = []
        self.headings = 0
        self.has_html = False
        self._in_title = False
        self._titles = 0
        self._in_h1 = False
        self._caption_depth = 0
        self._span_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.has_html = True
        elif tag == "title":
            # The page's title is the first; a chart's <svg> has titles of its own.
            self._titles += 1
            self._in_title = self._titles == 1
        elif tag == "h1":
            self.headings += 1
            self._in_h1 = self.headings == 1
        elif tag == "span" and self._in_h1:
            self._span_depth += 1
            classes = (dict(attrs).get("class") or "").split()
            if not self._caption_depth and any(name.startswith("govuk-caption") for name in classes):
                self._caption_depth = self._span_depth

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        elif tag == "span" and self._in_h1:
            if self._caption_depth == self._span_depth:
                self._caption_depth = 0
            self._span_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif self._in_h1 and not self._caption_depth:
            self.heading.append(data)


def title_and_heading(html: str) -> tuple[bool, str, str | None]:
    """Whether it is a whole page, its title and its first h1 (None when it has none)."""
    parser = _TitleAndHeading()
    parser.feed(html)
    parser.close()
    heading = " ".join(" ".join(parser.heading).split()) if parser.headings else None
    return parser.has_html, " ".join(" ".join(parser.title).split()), heading


def title_problem(title: str, heading: str | None) -> str | None:
    """What is wrong with a page's title for its heading, or None."""
    if heading is None:
        return f"no h1 (title {title!r})"
    if not heading:
        return f"an empty h1 (title {title!r})"
    if not title.endswith(SUFFIX):
        return f"title {title!r} does not end {SUFFIX!r}"
    words = title.removesuffix(SUFFIX).removeprefix(ERROR)
    if words == heading:
        return None
    if words.startswith(heading) and not words[len(heading)].isalnum():
        return None
    return f"title {title!r} does not start with the h1 {heading!r}"


def test_the_check_finds_what_it_looks_for():
    page = (
        "<!DOCTYPE html><html><head><title>\n  Audit – maca</title></head><body>"
        "<svg><title>A chart</title></svg>"
        '<h1 class="govuk-heading-l"><span class="govuk-caption-l">Testshire</span>'
        " Neglect audit &amp; review</h1><h1>Another</h1></body></html>"
    )
    assert title_and_heading(page) == (True, "Audit – maca", "Neglect audit & review")
    assert title_problem("Audit – maca", "Neglect audit & review")
    assert title_problem("Neglect audit & review", "Neglect audit & review")
    assert title_problem("Cases – maca", "Case")
    assert title_problem("Audit – maca", None)
    assert not title_problem("Neglect audit & review – maca", "Neglect audit & review")
    assert not title_problem("Case 3 – Neglect audit 2026 – maca", "Case 3")
    assert not title_problem("Error: Add a case – maca", "Add a case")
    assert title_and_heading("<div><p>Saved</p></div>") == (False, "", None)


PAGES = [name for name in _representative_names() if not name.startswith("admin:")]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_title_starts_with_its_heading(name, world, fixtures, client_for):  # noqa: F811
    expect = expectation_for(name)
    if expect.method != "get":
        pytest.skip("Not a page: a form's target")
    url = reverse(name, kwargs=expect.kwargs(fixtures))
    persona = next((p for p in PEOPLE + OTHERS if expect.statuses[p] == 200), None)
    if persona is None:
        pytest.skip("No one may open it")
    client = Client() if persona == "anonymous" else client_for(world[persona])
    response = client.get(url)
    if (
        response.status_code != 200
        or not response.get("Content-Type", "").startswith("text/html")
        or "attachment" in response.get("Content-Disposition", "")
    ):
        pytest.skip("Not an HTML page")
    whole, title, heading = title_and_heading(response.content.decode())
    if not whole:
        pytest.skip("A part of a page (htmx), not a page")
    if name in NO_HEADING and heading is None:
        return
    problem = title_problem(title, heading)
    assert problem is None, f"{name} ({url}) as {persona}: {problem}"


@override_settings(EMAIL_BACKEND=STORED_EMAIL)
def test_pages_the_walk_cannot_reach_have_titles_that_start_with_their_heading(world):  # noqa: F811
    """An invitation's page while its link still works (the matrix's link has
    been used), and the page of a sign-in locked after too many attempts."""
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="cam.titles@testshire.example",
        full_name="Cam Titles",
        role=Role.BOARD_MEMBER,
    )
    link = re.search(r"https?://\S+/invitations/\S+/", SentEmail.objects.latest("sent_at").body).group(0)
    invitation = Client().get("/" + link.split("/", 3)[3])
    request = RequestFactory().get(reverse("account_login"))
    request.user = AnonymousUser()
    locked = lockout_response(request)
    for response in (invitation, locked):
        whole, title, heading = title_and_heading(response.content.decode())
        assert whole and title_problem(title, heading) is None, title_problem(title, heading)
