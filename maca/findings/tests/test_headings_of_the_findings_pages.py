"""A screen-reader user moving by headings finds each part of the meeting's
pages whether it is empty or not: "Strengths" does not stop being a heading
once the meeting has agreed one, and the meeting's cases are a heading too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import FindingKind
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _headings(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)
    ]


def _agree(world, audit, case):
    actor = world["qa"].user
    for text, kind in [
        ("The officer shared the history at the strategy discussion.", FindingKind.FINDING),
        ("The plan has no dates against its actions.", FindingKind.FINDING),
        ("Social care now dates every plan.", FindingKind.GOOD_PRACTICE),
    ]:
        polarity = "concern" if "no dates" in text else "strength"
        finding = services.finding_create(
            actor=actor, audit=audit, audit_case=case, agency=world.police, text=text, kind=kind, polarity=polarity
        )
        services.finding_confirm_tags(
            actor=actor, finding=finding, theme_keys=[], polarity=polarity, expected_version=finding.version
        )


def test_the_case_page_heads_its_strengths_and_findings_once_agreed(world, audit, case, qa):
    _agree(world, audit, case)
    html = qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode()
    headings = _headings(html)
    for heading in ["Strengths", "Good practice resulting from the audit", "Findings: what needs to improve"]:
        assert headings.count(heading) == 1, headings
    # Said once: the table's caption is for screen readers only, not a second heading on the screen.
    tables = read_tables(html)
    assert tables["Strengths"].rows and tables["Findings: what needs to improve"].rows


def test_what_the_audit_found_heads_its_tables(world, audit, case, qa):
    _agree(world, audit, case)
    headings = _headings(qa.get(reverse("findings:audit_findings", args=[audit.pk])).content.decode())
    for heading in ["Strengths", "Good practice resulting from the audit", "Findings: what needs to improve"]:
        assert headings.count(heading) == 1, headings


def test_the_meeting_page_heads_its_cases(audit, qa):
    headings = _headings(qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert headings.index("Who came") < headings.index("Cases") < headings.index("Across cases"), headings


def test_the_case_page_says_whether_feedback_was_recorded(world, audit, case, qa):
    url = reverse("findings:case", args=[audit.pk, case.pk])
    html = qa.get(url).content.decode()
    assert _headings(html).count("Feedback to practitioners") == 1
    assert "No agency’s lead has recorded feedback to its practitioners on this case yet." in words_shown(html)
    services.feedback_record(
        actor=world["lead"].user,
        audit_case=case,
        agency=world.police,
        what_was_fed_back="Seeing fathers.",
        given_to="",
        given_on=dt.date(2026, 11, 20),
    )
    html = qa.get(url).content.decode()
    assert _headings(html).count("Feedback to practitioners") == 1
    assert read_tables(html)["Feedback to practitioners"].rows
