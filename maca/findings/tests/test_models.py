"""The findings data model: themes seeded for every partnership, and the
records of a meeting hanging together."""

from __future__ import annotations

import importlib

import pytest

from maca.findings.models import (
    CaseDiscussion,
    Finding,
    FindingTag,
    ImmediateConcern,
    Meeting,
    MeetingAttendance,
    PractitionerFeedback,
    Recommendation,
    RecommendationFinding,
    RecommendationTheme,
    Theme,
)
from maca.findings.services import themes_ensure
from maca.findings.taxonomy import DEFAULT_THEMES
from maca.partnerships.tests.factories import PartnershipFactory
from maca.returns.tests.builders import audit_with_returns

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_taxonomy_word_for_word():
    migration = importlib.import_module("maca.findings.migrations.0002_default_themes")
    curly = importlib.import_module("maca.findings.migrations.0008_curly_quotes_in_words_shown")
    mended = {key: now for key, (then, now) in curly.DESCRIPTIONS.items()}
    seeded = [(key, name, mended.get(key, description)) for key, name, description in migration.DEFAULT_THEMES]
    assert [(t.id, t.name, t.description) for t in DEFAULT_THEMES] == seeded
    assert "'" not in "".join(t.description for t in DEFAULT_THEMES)


def test_a_partnership_seeded_before_the_curly_quotes_reads_them(world, client_for):
    """Themes seeded by migration 0002 carry the straight quotes; 0008 mends them."""
    curly = importlib.import_module("maca.findings.migrations.0008_curly_quotes_in_words_shown")
    theme = Theme.objects.get(partnership=world.partnership, key="mental_health_substance")
    Theme.objects.filter(pk=theme.pk).update(description=curly.DESCRIPTIONS[theme.key][0])
    from django.apps import apps as live_apps

    curly.curly(live_apps, None)
    theme.refresh_from_db()
    assert theme.description == "Parental mental health, substance misuse, the ‘toxic trio’."


def test_a_new_partnership_starts_with_every_default_theme_once():
    partnership = PartnershipFactory()
    keys = list(Theme.objects.filter(partnership=partnership).values_list("key", flat=True))
    assert sorted(keys) == sorted(t.id for t in DEFAULT_THEMES)
    assert themes_ensure(partnership=partnership) == 0


def test_themes_ensure_never_revives_a_retired_or_renamed_theme():
    partnership = PartnershipFactory()
    Theme.objects.filter(partnership=partnership, key="housing").update(is_retired=True, name="Homes")
    assert themes_ensure(partnership=partnership) == 0
    theme = Theme.objects.get(partnership=partnership, key="housing")
    assert (theme.name, theme.is_retired) == ("Homes", True)


def test_a_meeting_and_its_findings_hang_together(world):
    audit = audit_with_returns(world, cases=1)
    case = audit.audit_cases.get()
    qa = world["qa"].user
    p = world.partnership
    meeting = Meeting.objects.create(partnership=p, audit=audit, created_by=qa)
    MeetingAttendance.objects.create(partnership=p, meeting=meeting, agency=world.police, status="attended")
    CaseDiscussion.objects.create(partnership=p, meeting=meeting, audit_case=case, agreed_grade="good")
    finding = Finding.objects.create(
        partnership=p, audit=audit, audit_case=case, agency=world.police, polarity="concern", text="Fathers unseen."
    )
    theme = Theme.objects.get(partnership=p, key="think_family")
    FindingTag.objects.create(partnership=p, finding=finding, theme=theme, was_suggested=True, confirmed_by=qa)
    recommendation = Recommendation.objects.create(partnership=p, audit=audit, text="See fathers.")
    RecommendationTheme.objects.create(partnership=p, recommendation=recommendation, theme=theme)
    RecommendationFinding.objects.create(partnership=p, recommendation=recommendation, finding=finding)
    ImmediateConcern.objects.create(
        partnership=p, audit=audit, audit_case=case, agency=world.police, what_was_found="x", raised_by=qa
    )
    PractitionerFeedback.objects.create(
        partnership=p,
        audit=audit,
        audit_case=case,
        agency=world.police,
        what_was_fed_back="y",
        given_on="2026-11-30",
        given_by=world["lead"].user,
    )
    assert list(finding.themes.all()) == [theme]
    assert list(recommendation.findings.all()) == [finding]
    assert audit.meeting.discussions.get().audit_case == case
    assert "Fathers" not in str(finding)
