"""Each output is drafted from the record: its sections, in order, filled."""

from __future__ import annotations

import pytest

from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind, Status
from maca.publications.tests.builders import CONCERN, STRENGTH, audit_with_findings, six_step_for

pytestmark = pytest.mark.django_db


def _document(publication) -> Document:
    return Document.from_json(publication.versions.get(number=1).document)


def test_the_six_step_briefing_has_its_six_steps_filled_from_the_record(world):
    publication = six_step_for(world)
    document = _document(publication)
    assert [s.heading for s in document.sections] == [
        "1. Theme and cases",
        "2. Process",
        "3. Strengths identified per case",
        "4. Findings identified per case",
        "5. Recommendations: issues identified across multiple cases",
        "6. Good practice and evidence as a result of the audit",
    ]
    theme = document.section("theme")
    assert "2 cases about" in theme.text
    assert theme.tables[0].rows[0][:2] == ["Case 1", "Child A"]
    assert f"Case 1 (Child A)\n\n- Testshire Care Board: {STRENGTH}" in document.section("strengths").text
    assert f"- Testshire Police: {CONCERN}" in document.section("findings").text
    step5 = document.section("recommendations")
    assert "Think family: findings in 2 of the 2 cases." in step5.text
    assert "Agencies should ask about fathers at every assessment." in step5.text
    assert step5.figure.categories[:2] == ["Think family", "Voice of the child"]
    assert publication.versions.get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("kind", "headings"),
    [
        (
            Kind.LEARNING_SUMMARY,
            [
                "Background",
                "Methodology",
                "Findings",
                "What is working well",
                "What we are worried about",
                "Gaps and improvements",
                "Next steps and actions",
            ],
        ),
        (Kind.KEY_MESSAGES, ["What we saw working well", "Areas for improvement", "What this means for your practice"]),
        (
            Kind.SEVEN_MINUTE,
            [
                "1. Background",
                "2. Why it matters",
                "3. What we found working well",
                "4. What we found needs to change",
                "5. What to do",
                "6. Questions to reflect on",
                "7. Find out more",
            ],
        ),
    ],
)
def test_other_outputs_of_an_audit(world, kind, headings):
    audit = audit_with_findings(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=kind, audit=audit
    )
    document = _document(publication)
    assert [s.heading for s in document.sections] == headings
    assert CONCERN in "\n".join(s.text for s in document.sections)


def test_the_learning_summary_groups_what_works_by_agency_and_gaps_by_theme(world):
    audit = audit_with_findings(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.LEARNING_SUMMARY, audit=audit
    )
    document = _document(publication)
    assert document.section("working_well").text.startswith("Testshire Care Board\n\n- ")
    assert document.section("gaps").text.startswith("Think family\n\n- ")


def test_the_annual_report_has_its_table_of_audits(world):
    audit = audit_with_findings(world)
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    document = _document(publication)
    table = document.section("audits").tables[0]
    assert table.headings == ["Audit", "Theme", "Meeting", "Cases", "Children", "Stage"]
    assert table.rows[0][0] == audit.title
    assert table.rows[0][3] == "2"
    assert document.section("themes").figure.categories[0] == "Think family"
    assert [s.heading for s in document.sections] == [
        "The audits held",
        "What each audit found and what changed",
        "Themes across the year",
        "The action plan",
        "Impact: learning into practice",
        "Next year’s programme",
    ]


def test_one_output_of_a_kind_per_audit(world):
    from django.core.exceptions import ValidationError

    publication = six_step_for(world)
    with pytest.raises(ValidationError, match="already has a 6 Step Briefing"):
        services.publication_create(
            actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=publication.audit
        )


def test_the_annual_report_shows_the_state_of_the_action_plan(world, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from maca.actions.tests.builders import raise_action
    from maca.programme.models import Programme
    from maca.programme.services import business_year

    # A day well inside its programme year, so that an action raised two days
    # before it is in the same year's report (on 1 or 2 April it would not be).
    today = dt.date(2026, 12, 7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    year = business_year(today)
    for programme_year in (year - 1, year):
        Programme.objects.get_or_create(partnership=world.partnership, year=programme_year)
    empty = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year - 1
    )
    assert _document(empty).section("action_plan").text == f"No actions were raised in {year - 1}–{str(year)[-2:]}."
    raise_action(world, today=today)
    raise_action(world, due_on=today - dt.timedelta(days=1), today=today - dt.timedelta(days=2))
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    section = _document(report).section("action_plan")
    assert section.text.startswith("2 actions raised: 2 not yet closed (1 red, 0 amber and 1 green). ")
    assert "1 action is overdue; 0 actions were closed with evidence of impact." in section.text
    table = section.tables[0]
    assert table.headings == ["Status", "Actions"]
    assert sum(int(n) for _label, n in table.rows) == 2
