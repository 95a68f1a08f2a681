"""The QA officer, the approver and a board member walking a briefing and the
annual report, third time: what each of them found wrong on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Finding, FindingTag, Theme
from maca.publications import services
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _a_finding_on_each_of_thirteen_themes(world, audit):
    """Besides the builder's Voice of the child and Think family, a concern on
    each of 10 more themes and a strength alone on an 11th: 13 themes."""
    p = world.partnership
    qa = world["qa"].user
    taken = {"voice_of_child", "think_family"}
    themes = list(Theme.objects.filter(partnership=p).exclude(key__in=taken).order_by("key")[:11])
    case = audit.audit_cases.order_by("number").first()
    for index, theme in enumerate(themes):
        finding = Finding.objects.create(
            partnership=p,
            audit=audit,
            audit_case=case,
            agency=world.health,
            polarity="strength" if index == len(themes) - 1 else "concern",
            text=f"What the meeting agreed about {theme.name.lower()}.",
            tags_confirmed_at=timezone.now(),
        )
        FindingTag.objects.create(partnership=p, finding=finding, theme=theme, confirmed_by=qa)
    return themes[-1].name  # the theme with a strength only: the one a top twelve left off


def test_the_annual_report_shows_every_theme_of_the_year_not_only_twelve(world, client_for):
    audit = audit_with_findings(world)
    strength_only = _a_finding_on_each_of_thirteen_themes(world, audit)
    year = audit.programme.year
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    label = f"{year}–{str(year + 1)[-2:]}"
    page = client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode()
    themes = read_tables(page)[f"Themes across {label}"]
    assert len(themes.rows) == 13
    assert themes.cell(strength_only, "Strengths") == "1"
    # As the partnership's own page of themes over the years counts it.
    years = read_tables(client_for(world["qa"]).get(reverse("findings:themes_over_years")).content.decode())
    assert years["Each theme over the years"].cell(strength_only, "Strengths") == "1"


def test_a_six_step_briefing_shows_every_theme_of_its_audit_not_only_twelve(world, client_for):
    audit = audit_with_findings(world)
    strength_only = _a_finding_on_each_of_thirteen_themes(world, audit)
    briefing = six_step_for(world, audit)
    page = client_for(world["qa"]).get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    themes = read_tables(page)["Strengths and findings by theme"]
    assert len(themes.rows) == 13
    assert themes.cell(strength_only, "Strengths") == "1"
