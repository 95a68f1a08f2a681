"""Every page that shows case-level data writes a ``…viewed`` event (a
download of it, an ``…exported`` event).

The pages are found, not listed: every URL of the apps that hold case-level
data, and every URL whose view needs a capability that reaches it, is opened
by each persona the permission matrix lets in (a POST where the matrix
sends one and the page is shown again), and must leave a ``…viewed``
event by that person. A new page cannot forget: it fails here until it logs
the view or is named below with the reason it shows no case-level data.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from maca.accounts.roles import Capability
from maca.audit_trail.models import AuditEvent
from maca.tests.test_permission_matrix import (  # noqa: F401  (fixtures: built once for this module too)
    _built,
    all_url_names,
    expectation_for,
    fixtures,
    world,
)

# The apps whose pages are about cases, children, returns and chronologies.
CASE_LEVEL_NAMESPACES = {"pool", "cases", "selection", "returns", "chronology", "findings"}

# Capabilities that open case-level data, whatever the app.
C = Capability
CASE_LEVEL_CAPABILITIES = {
    C.IMPORT_CASES,
    C.SELECT_CASES,
    C.NOMINATE_CASES,
    C.VIEW_ALL_CASES,
    C.VIEW_AGENCY_CASES,
    C.VIEW_SCRUTINISED_CASES,
    C.EDIT_RETURNS,
    C.SUBMIT_RETURNS,
    C.REVIEW_RETURNS,
    C.TRACK_RESPONSES,
    C.RECORD_MEETING,
    C.RESPOND_TO_CONCERNS,
    C.RECORD_FEEDBACK,
}

# What a view ("…viewed") or a download ("…exported") of case-level data writes.
LOGGED = r"(viewed|exported)$"

# Pages of those apps that show no case-level data, and why.
NOT_CASE_LEVEL = {
    "cases:imports": "the list of uploaded files: names, dates and counts",
    "cases:import_new": "an empty upload form",
    "cases:import_mapping": "the file's column headings, no cell",
    "selection:nominate": "an empty form: the agency lead types a reference and sees nothing of the pool",
    "selection:draw": "the draw form and the size of the pool, no case",
    "selection:draw_detail": "the draw's seed, parameters and balance counts, no case",
    "chronology:template": "a blank template with a made-up row",
    "returns:tracking": "each agency's return status per case number of the audit: no reference, nothing of a case",
    "returns:summary": "counts across returns, no case",
    "returns:withdraw": "the audit and the agency of the return, nothing of its case",
    "returns:autosave": "answers a status line ('draft saved'), never the answers",
    "returns:progress": "counts of audits per stage and of returns in per audit and agency, no case",
    "findings:meeting_edit": "the meeting's date and the judgement on the audit itself, no case",
    "findings:attendance": "which agencies came to the meeting, and who",
    "findings:cross_finding_new": "an empty form, with the audit's agencies",
    "findings:finding_new": "an empty form, with the agencies of a case known by its number",
    "findings:concern_new": "an empty form, with the agencies of a case known by its number",
    "findings:audit_findings": "the board's view: confirmed findings by case number, never a reference",
    "findings:suggest": "themes suggested for the words being typed, nothing of a case; nothing stored",
    "findings:themes": "the partnership's themes and how many findings each has",
    "findings:theme_new": "an empty form",
    "findings:theme_edit": "one theme's name and description",
    "findings:recommendation_withdraw": "a recommendation's words, drawn across cases, and a form",
    "findings:themes_over_years": "counts of confirmed themes per theme, audit and year, no case",
    "findings:theme_over_years": "one theme's counts per audit and year, no case",
    "findings:recurring_themes": "themes and the titles of the audits they were raised in, no case",
    "findings:search": "findings by case number, never a reference, as in findings:audit_findings; "
    "each search that shows findings is logged as findings_search.viewed",
}


def _is_case_level(name: str) -> bool:
    if name in NOT_CASE_LEVEL:
        return False
    namespace = name.split(":", 1)[0] if ":" in name else ""
    if namespace in CASE_LEVEL_NAMESPACES:
        return True
    capabilities = set(getattr(_view_of(name), "required_capabilities", ()))
    return bool(capabilities & CASE_LEVEL_CAPABILITIES)


def _view_of(name: str):
    return _views().get(name)


def _views(patterns=None, namespace: str = "") -> dict:
    """Every named URL's view function, by its full name."""
    found = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(_views(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = entry.callback
    return found


def case_level_pages() -> list[str]:
    """Case-level URLs that answer a page (200): GETs, and POSTs that show the page again."""
    return sorted(
        name
        for name in all_url_names()
        if not name.startswith("admin:")
        and (expect := expectation_for(name)) is not None
        and 200 in expect.statuses.values()
        and _is_case_level(name)
    )


def test_the_walk_finds_the_case_pages():
    pages = case_level_pages()
    for known in ("pool:case", "selection:case_agencies", "chronology:edit", "returns:detail"):
        assert known in pages
    stale = set(NOT_CASE_LEVEL) - set(all_url_names())
    assert not stale, f"Remove these from NOT_CASE_LEVEL: {sorted(stale)}"


@pytest.mark.parametrize("name", case_level_pages())
def test_each_page_with_case_level_data_logs_the_view(name, world, fixtures, client_for):  # noqa: F811
    expect = expectation_for(name)
    url = reverse(name, kwargs=expect.kwargs(fixtures))
    allowed = [p for p, status in expect.statuses.items() if status == 200 and p != "anonymous"]
    assert allowed, f"{name}: nobody may open it, so nothing is checked"
    unlogged = []
    for persona in allowed:
        user = world[persona].user
        before = set(AuditEvent.objects.filter(actor=user, action__regex=LOGGED).values_list("pk", flat=True))
        client = client_for(world[persona])
        response = client.post(url, expect.data(fixtures)) if expect.method == "post" else client.get(url)
        assert response.status_code == 200, f"{name} as {persona}: {response.status_code}"
        after = set(AuditEvent.objects.filter(actor=user, action__regex=LOGGED).values_list("pk", flat=True))
        if not after - before:
            unlogged.append(persona)
    assert not unlogged, f"{name} ({url}) shows case-level data without a '…viewed' event, as: {unlogged}"
