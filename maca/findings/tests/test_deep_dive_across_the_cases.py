"""A deep dive across the cases. Its agencies send one summative report each,
across their cases, and the meeting takes its findings from those as findings
across cases about the agency (ADR 0016). On "Across the cases" each agency's
findings across its cases count once, as its summative report, beside each
case's findings: a theme that is a concern in two or more of them is an issue
across cases, and maca proposes a recommendation for it as for a themed
audit. A themed audit still counts cases only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Finding, FindingTag, Recommendation, Theme
from maca.findings.services import finding_create
from maca.findings.tests.deep_dive_builders import (
    HEALTH_WORRY,
    POLICE_WORRY,
    confirm,
    take_across,
)
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.tests.page import Page, words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _across(qa, audit):
    return qa.get(reverse("findings:across_cases", args=[audit.pk])).content.decode()


def _concerns(shown: str) -> str:
    return shown.split("Concerns in two or more", 1)[1].split("Recommendations", 1)[0]


def test_one_agencys_concern_across_its_cases_is_counted_where_it_was_raised(world, deep_dive_with_reports, qa):
    take_across(qa, deep_dive_with_reports, world.police)
    html = _across(qa, deep_dive_with_reports)
    shown = words_shown(html)
    assert "Domestic abuse was raised in the summative report of Testshire Police." in shown
    table = read_tables(html)["What was present in the 2 cases"]
    assert table.cell("Domestic abuse", "Raised in summative reports") == "1"
    assert table.cell("Domestic abuse", "Raised in a case’s findings") == "0"
    assert table.cell("Domestic abuse", "Cases") == "0 of 2"  # a report is not a case
    # One report is not yet across cases, and the page says what would be.
    assert "Concerns in two or more summative reports or cases" in shown
    assert "No theme is a concern in more than one summative report or case. The themes of every finding" in shown
    assert "in more than one case" not in shown
    assert "Propose recommendations for these themes" not in shown


def test_a_concern_in_two_agencies_summative_reports_is_across_cases_and_proposes_a_recommendation(
    world, deep_dive_with_reports, qa
):
    take_across(qa, deep_dive_with_reports, world.police)
    take_across(qa, deep_dive_with_reports, world.health)
    shown = words_shown(_across(qa, deep_dive_with_reports))
    concerns = _concerns(shown)
    assert "Domestic abuse: 2 summative reports" in concerns
    assert f"Across cases, Testshire Police: {POLICE_WORRY}" in concerns
    assert f"Across cases, Testshire Care Board: {HEALTH_WORRY}" in concerns
    assert "Domestic abuse was raised in the summative reports of Testshire Care Board and Testshire Police." in shown

    response = qa.post(reverse("findings:propose_recommendations", args=[deep_dive_with_reports.pk]))
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(audit=deep_dive_with_reports)
    edit = reverse("findings:recommendation", args=[recommendation.pk])
    drafted = Page(qa.get(edit).content.decode()).value("text")
    assert drafted.startswith(
        "Domestic abuse was a concern in the summative reports of Testshire Care Board and Testshire Police. "
        "Partners to agree what will change in practice on domestic abuse"
    )
    words = "Police and health visitors ask every adult in the home about domestic abuse."
    assert qa.post(edit, {"version": recommendation.version, "text": words, "confirm": "1"}).status_code == 302
    shown = words_shown(_across(qa, deep_dive_with_reports))
    assert words in shown and "Confirmed" in _concerns(shown)
    assert "Propose recommendations for these themes" not in shown


def test_an_agencys_summative_report_and_a_case_make_two(world, deep_dive_with_reports, qa):
    take_across(qa, deep_dive_with_reports, world.police)
    case = deep_dive_with_reports.audit_cases.current().order_by("number").last()
    found = finding_create(
        actor=world["qa"].user,
        audit=deep_dive_with_reports,
        audit_case=case,
        text="The mother was not asked alone about abuse.",
    )
    confirm(qa, reverse("findings:finding", args=[deep_dive_with_reports.pk, found.pk]), themes=["domestic_abuse"])
    html = _across(qa, deep_dive_with_reports)
    shown = words_shown(html)
    assert "Domestic abuse: 1 summative report and 1 of 2 cases" in _concerns(shown)
    assert (
        "Domestic abuse was present in 1 of the 2 cases, and raised in the summative report of Testshire Police."
        in shown
    )
    table = read_tables(html)["What was present in the 2 cases"]
    assert table.cell("Domestic abuse", "Raised in a case’s findings") == "1"
    assert table.cell("Domestic abuse", "Raised in summative reports") == "1"
    qa.post(reverse("findings:propose_recommendations", args=[deep_dive_with_reports.pk]))
    assert Recommendation.objects.get(audit=deep_dive_with_reports).text.startswith(
        "Domestic abuse was a concern in the summative report of Testshire Police and in 1 of the 2 cases (case 2)."
    )


def test_the_meetings_own_finding_across_cases_about_no_agency_is_not_a_second_report(
    world, deep_dive_with_reports, qa
):
    take_across(qa, deep_dive_with_reports, world.police)
    found = finding_create(
        actor=world["qa"].user,
        audit=deep_dive_with_reports,
        audit_case=None,
        text="Across the cases, abuse was not asked about.",
    )
    confirm(qa, reverse("findings:finding", args=[deep_dive_with_reports.pk, found.pk]), themes=["domestic_abuse"])
    shown = words_shown(_across(qa, deep_dive_with_reports))
    assert "No theme is a concern in more than one summative report or case." in shown
    assert "Domestic abuse was raised in the summative report of Testshire Police." in shown


def test_a_deep_dive_calls_what_the_agencies_graded_their_summative_reports(world, deep_dive_with_reports, qa):
    shown = words_shown(_across(qa, deep_dive_with_reports))
    assert "Grades agencies gave in their summative reports" in shown
    assert "in their returns" not in shown
    assert "In a deep dive each agency sends one summative report across its cases." in shown


def test_a_themed_audit_still_counts_cases_only(world, qa):
    """A themed audit's returns are case by case, so a finding across cases
    (about an agency or none) is the meeting's summing up of its cases: listed
    under a theme that recurs, never a case, as before."""
    audit = meeting_audit(world.partnership)
    timeliness = Theme.objects.get(partnership=world.partnership, key="timeliness")
    across = Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=None,
        agency=world.police,
        polarity="concern",
        text="Across the cases, police notifications were late.",
        tags_confirmed_at=timezone.now(),
    )
    FindingTag.objects.create(partnership=world.partnership, finding=across, theme=timeliness)
    html = _across(qa, audit)
    shown = words_shown(html)
    assert "Timeliness:" not in _concerns(shown)  # a concern in case 3 only
    assert "Think family: 2 of 3 cases" in shown and "Concerns in two or more cases" in shown
    assert "Grades agencies gave in their returns" in shown
    table = read_tables(html)["What was present in the 3 cases"]
    assert table.head == ["Circumstance or theme", "Cases", "Flagged in the case list", "Raised in findings"]
    assert table.cell("Timeliness", "Raised in findings") == "1"


def test_a_deep_dives_page_reads_the_same_number_of_queries_however_many_reports(world, deep_dive_with_reports, qa):
    take_across(qa, deep_dive_with_reports, world.police)
    take_across(qa, deep_dive_with_reports, world.health)
    qa.post(reverse("findings:propose_recommendations", args=[deep_dive_with_reports.pk]))
    theme = Theme.objects.get(partnership=world.partnership, key="neglect")
    agencies = [world.police, world.health, world.gp_practice]

    def add(n):
        for i in range(n):
            finding = Finding.objects.create(
                partnership=world.partnership,
                audit=deep_dive_with_reports,
                audit_case=None,
                agency=agencies[i % 3],
                polarity="concern",
                text=f"Across cases {i}",
                tags_confirmed_at=timezone.now(),
            )
            FindingTag.objects.create(partnership=world.partnership, finding=finding, theme=theme)

    assert_queries_do_not_grow(lambda: qa.get(reverse("findings:across_cases", args=[deep_dive_with_reports.pk])), add)
