"""Every page of the permission matrix, opened in the real browser once.

For each URL of ``url_expectations.py`` that a person reads as a page (a GET
answered with a whole HTML document, not a download, a fragment or the Django
admin), the first persona allowed to see it (200) in the order qa, admin,
lead, auditor, board, scrutineer, then the others, opens it in Chromium under
the real Content-Security-Policy. axe-core finds no serious or critical
violation, and the watcher (``conftest.py``) fails the test on any console
error, CSP violation, uncaught error or static file that did not arrive.

The pages are grouped by persona, so that each persona signs in once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maca.tests.browser.conftest import sign_in_as
from maca.tests.test_permission_matrix import _records_of, _representative_names, expectation_for
from maca.tests.url_expectations import ALL

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = ("qa", "admin", "lead", "auditor", "board", "scrutineer")
PERSONAS = ORDER + tuple(persona for persona in ALL if persona not in ORDER)


def _is_page(response) -> bool:
    """A whole HTML document: not a download, JSON, or a fragment for htmx."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return "<html" in response.content.decode(errors="replace")[:2000].lower()


def pages_by_persona(world, fixtures, client_for) -> dict[str, list[tuple[str, str]]]:
    """Each persona's pages, as (URL name, path): every matrix page, under the first persona allowed to see it."""
    clients: dict[str, Client] = {}
    pages: dict[str, list[tuple[str, str]]] = {persona: [] for persona in PERSONAS}
    for name in _representative_names():
        expect = expectation_for(name)
        if name.startswith("admin:") or expect.method != "get":
            continue
        persona = next((p for p in PERSONAS if expect.statuses[p] == 200), None)
        if persona is None:
            continue
        path = reverse(name, kwargs=expect.kwargs(fixtures))
        if persona not in clients:
            clients[persona] = Client() if persona == "anonymous" else client_for(world[persona])
        response = clients[persona].get(path)
        assert response.status_code == 200, f"{persona}: {name} ({path}) answered {response.status_code}"
        if _is_page(response):
            pages[persona].append((name, path))
    return {persona: paths for persona, paths in pages.items() if paths}


def test_every_page_opens_cleanly_in_the_browser(live_server, world, client_for, browser, axe):
    base = live_server.url
    pages = pages_by_persona(world, _records_of(world), client_for)
    assert sum(len(paths) for paths in pages.values()) > 100, pages

    problems = []
    for persona, paths in pages.items():
        cache.clear()  # an authenticator code is accepted once; each sign-in takes it afresh
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if persona != "anonymous":
            sign_in_as(page, base, world[persona], axe=axe)
        for name, path in paths:
            response = page.goto(base + path)
            axe.check(page)
            if response is None or response.status != 200 or page.url != base + path:
                status = response.status if response else "no answer"
                problems.append(f"{persona}: {name} ({path}) answered {status} at {page.url}")
        context.close()
    assert len(axe.pages) >= sum(len(paths) for paths in pages.values())
    assert not problems, "Pages that did not open:\n" + "\n".join(problems)
