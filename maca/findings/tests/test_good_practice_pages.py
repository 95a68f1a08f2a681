"""Good practice resulting from the audit (step 6 of the briefing) is a kind
of its own: always a strength, said so where it is written and confirmed,
and shown apart from the strengths found in the cases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.findings.tests.builders import audit_at_meeting
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

GOOD = "Since the audit, the duty team checks who else lives in the home at every new referral."


def test_good_practice_is_said_to_be_a_strength_where_it_is_written_and_confirmed(world, client_for):
    audit = audit_at_meeting(world)
    qa = client_for(world["qa"])
    new_url = reverse("findings:cross_finding_new", args=[audit.pk])
    shown = words_shown(qa.get(new_url).content.decode())
    assert "Good practice resulting from the audit Something a partner changed because of the audit" in shown
    assert "Good practice resulting from the audit is always a strength." in shown

    response = qa.post(new_url, {"kind": "good_practice", "polarity": "", "agency": "", "text": GOOD})
    finding = Finding.objects.get(text=GOOD)
    confirm = qa.get(response["Location"]).content.decode()
    words = words_shown(confirm)
    assert "Good practice resulting from the audit. Written at the meeting." in words
    assert "maca suggests concern" not in words and "maca suggests strength" not in words
    assert "Strength or concern Good practice resulting from the audit is always a strength." in words
    assert fields_shown(confirm)["polarity"].chosen == ["strength"]
    assert finding.polarity == "strength"


def test_the_board_reads_good_practice_apart_from_the_strengths(world, client_for):
    audit = audit_at_meeting(world)
    qa = client_for(world["qa"])
    for kind, text in (("good_practice", GOOD), ("finding", "The health visitor saw the baby at every visit.")):
        qa.post(
            reverse("findings:cross_finding_new", args=[audit.pk]),
            {"kind": kind, "polarity": "strength", "agency": "", "text": text},
        )
    for finding in Finding.objects.all():
        qa.post(
            reverse("findings:finding", args=[audit.pk, finding.pk]),
            {"version": finding.version, "polarity": "strength", "themes": ["health"]},
        )
    tables = read_tables(
        client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    )
    assert [row[2] for row in tables["Good practice resulting from the audit"].rows] == [
        f"{GOOD}Good practice resulting from the audit"  # the text, then its kind in a paragraph of its own
    ]
    assert [row[2] for row in tables["Strengths"].rows] == ["The health visitor saw the baby at every visit."]


def test_good_practice_on_a_case_is_headed_and_counted_as_good_practice_on_every_page(world, client_for):
    audit = audit_at_meeting(world)
    case = audit.audit_cases.order_by("number").first()
    qa = client_for(world["qa"])
    for kind, text in (("good_practice", GOOD), ("finding", "The health visitor saw the baby at every visit.")):
        qa.post(
            reverse("findings:finding_new", args=[audit.pk, case.pk]),
            {"kind": kind, "polarity": "strength", "agency": "", "text": text},
        )
    on_case = read_tables(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert [row[1].startswith(GOOD) for row in on_case["Good practice resulting from the audit"].rows] == [True]
    assert [row[1] for row in on_case["Strengths"].rows] == ["The health visitor saw the baby at every visit."]
    cases = read_tables(qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode())["Cases"]
    row = f"Case {case.number}"
    assert (cases.cell(row, "Strengths"), cases.cell(row, "Good practice"), cases.cell(row, "Concerns")) == (
        "1",
        "1",
        "0",
    )
