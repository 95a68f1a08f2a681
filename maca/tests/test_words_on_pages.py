"""Every page, as each person who may open it sees it (issue 8, item 9): no
date in any style but GOV.UK's ("1 December 2026", or "1 Dec 2026" in a
table), never "2013-05-15" or "15/05/2013"; no "case(s)"; no code name such
as ``case_pool.viewed`` or ``accounts.user #1``.

The pages and the records they show are the permission matrix's
(``url_expectations.py`` and each app's ``matrix_fixtures.py``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from maca.tests.test_permission_matrix import (  # noqa: F401  (fixtures: built once for this module too)
    _built,
    _representative_names,
    expectation_for,
    fixtures,
    world,
)
from maca.tests.url_expectations import ALL

PEOPLE = [persona for persona in ALL if persona not in ("anonymous", "outsider", "health_lead")]

ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
NUMERIC_DATE = re.compile(r"\b[0-3]?\d/[01]?\d/(19|20)?\d\d\b")
MAYBE_PLURAL = re.compile(r"\w\((s|es|ies)\)")
APPS = (
    "accounts|actions|audit_trail|cases|findings|home|notifications|operations|partnerships|programme"
    "|publications|returns|selection|tools"
)
CODE_NAME = re.compile(rf"\b({APPS})\.[a-z_]+\b|\b[a-z]+(_[a-z]+)*\.(viewed|exported|created|updated|changed|saved)\b")
# A stored key shown as it is stored: a theme's "think_family", a status's "in_progress".
SNAKE_CASE = re.compile(r"(?<![\w@.])[a-z]+(?:_[a-z]+)+(?![\w@])")


class _Text(HTMLParser):
    """The words a person reads: text outside scripts and styles, nothing from attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea", "pre", "code"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "pre", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def words_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems_in(text: str) -> list[str]:
    found = []
    for pattern, what in (
        (ISO_DATE, "a date as digits"),
        (NUMERIC_DATE, "a date as digits"),
        (MAYBE_PLURAL, "a plural left to the reader"),
        (CODE_NAME, "a code name"),
        (SNAKE_CASE, "a stored key"),
    ):
        for match in pattern.finditer(text):
            found.append(f"{what}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
    return found


def test_the_scan_finds_what_it_looks_for():
    assert problems_in("Born 2013-05-15, seen 19 Oct 2025")
    assert problems_in("Saved 07/03/2027 14:05")
    assert problems_in("6 case(s)")
    assert problems_in("qa@x viewed case_pool.viewed accounts.user #1")
    assert problems_in("Themes: think_family, voice_of_child") and problems_in("findings.finding #3")
    assert problems_in("Status: in_progress")
    assert not problems_in("Saved 7 March 2027 at 2:05pm; 6 cases reviewing 24 children; version 1.2; 2026/27")


PAGES = [name for name in _representative_names() if not name.startswith("admin:")]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_dates_plurals_and_actions_as_words(name, world, fixtures, client_for):  # noqa: F811
    expect = expectation_for(name)
    if expect.method != "get":
        pytest.skip("Not a page: a form's target")
    url = reverse(name, kwargs=expect.kwargs(fixtures))
    found = []
    for persona in PEOPLE:
        if expect.statuses[persona] != 200:
            continue
        response = client_for(world[persona]).get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        found += [f"{persona}: {problem}" for problem in problems_in(words_of(response.content.decode()))]
    assert not found, f"{name} ({url}):\n" + "\n".join(found)
