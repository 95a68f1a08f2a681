"""A deep dive's summative report covers all an agency's cases, so it is
about no one child: its pages do not ask for a chronology ("the significant
events in the child's life") nor tell the lead they may submit without one
"if your agency had no significant involvement with the child or family".
A case's return still does. The report says how many cases it covers and,
to its agency, where they are listed. The QA officer's tracking page names
the deep dive's grid for what it holds: one report an agency, not a return a
case."""

from __future__ import annotations

from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown

CHILD = "the child’s life"
FAMILY = "no significant involvement with the child or family"


def _words(client, url) -> str:
    return words_shown(client.get(url).content.decode())


def _deep_dive(world):
    return audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")


def test_a_summative_report_asks_for_no_chronology(world, client_for):
    audit = _deep_dive(world)
    report = Return.objects.get(audit=audit, agency=world.police, audit_case=None)
    lead = client_for(world["lead"])

    tasks = _words(lead, reverse("returns:edit", args=[report.pk]))
    assert "Chronology" not in tasks and CHILD not in tasks
    assert "significant events" not in tasks
    check = _words(lead, reverse("returns:check", args=[report.pk]))
    assert "Chronology" not in check and FAMILY not in check
    assert "Submit to the QA officer" in check
    detail = _words(lead, reverse("returns:detail", args=[report.pk]))
    assert "Chronology" not in detail


def test_a_case_return_still_asks_for_its_chronology(world, client_for):
    audit = audit_with_returns(world, cases=1)
    ret = Return.objects.get(audit=audit, agency=world.police)
    lead = client_for(world["lead"])
    assert CHILD in _words(lead, reverse("returns:edit", args=[ret.pk]))
    check = _words(lead, reverse("returns:check", args=[ret.pk]))
    assert "Chronology" in check and FAMILY in check
    assert "Chronology" in _words(lead, reverse("returns:detail", args=[ret.pk]))


def test_the_tracking_grid_of_a_deep_dive_is_by_agency(world, client_for):
    audit = _deep_dive(world)
    words = _words(client_for(world["qa"]), reverse("returns:tracking", args=[audit.pk]))
    assert "By agency and case" not in words and "return for each case" not in words
    assert "Each agency’s one summative report, across all its cases" in words
    assert "Summative reports by agency" in words and "Returns by agency and case" not in words


def test_a_summative_report_says_how_many_cases_it_covers_and_where_they_are(world, client_for):
    audit = _deep_dive(world)
    report = Return.objects.get(audit=audit, agency=world.police, audit_case=None)
    response = client_for(world["lead"]).get(reverse("returns:detail", args=[report.pk]))
    words = words_shown(response.content.decode())
    assert "All its cases: 2 cases in this audit, listed with their references on Cases to audit" in words
    assert reverse("selection:my_cases") in response.content.decode()
    qa = _words(client_for(world["qa"]), reverse("returns:detail", args=[report.pk]))
    assert "All its cases: 2 cases in this audit" in qa and "Cases to audit" not in qa


SUMMATIVE_LINKS_NO_CASE = (
    "A deep dive’s summative report covers all the cases its agency has in the audit, so it links to no one "
    "case’s record: those cases are listed with their references on Cases to audit"
)


def test_the_agencys_list_of_returns_says_a_summative_report_links_to_no_case(world, client_for):
    lead = client_for(world["lead"])
    audit_with_returns(world, cases=1)
    words = _words(lead, reverse("returns:mine"))
    assert "Each return links to its case’s record" in words and SUMMATIVE_LINKS_NO_CASE not in words

    _deep_dive(world)
    words = _words(lead, reverse("returns:mine"))
    assert "Each return links to its case’s record" not in words
    assert "Each case’s return links to its case’s record" in words and SUMMATIVE_LINKS_NO_CASE in words


def test_a_list_of_summative_reports_only_says_nothing_of_cases_records(world, client_for):
    _deep_dive(world)
    words = _words(client_for(world["lead"]), reverse("returns:mine"))
    assert "case’s record, where the identifiers" not in words
    assert SUMMATIVE_LINKS_NO_CASE in words
    assert "All its cases" in words  # the report's row
