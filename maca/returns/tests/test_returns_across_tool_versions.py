"""A tool changed while agencies are auditing: the QA officer publishes a new
version. Returns nobody has started take it up; returns already started keep
the version they began with; and every page reads each return's answers
against the questions of its own version (the counts, the meeting's grades)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.findings.tests.builders import answer_returns
from maca.programme.models import Stage
from maca.returns.models import Return
from maca.returns.services import return_submit
from maca.returns.tests.builders import audit_with_returns, move, save
from maca.selection.services import assignments_set
from maca.tests.page import words_shown
from maca.tests.tables import read_tables
from maca.tools import services
from maca.tools.models import Question

pytestmark = pytest.mark.django_db

GRADE_QUESTION = "How well was information shared?"
REWORDED = "How well did agencies share information with each other?"


def _draft_with_grade_question_changed(qa, tool, *, text=None, scale=None):
    """A new draft of ``tool``, its grade question reworded or graded on another scale."""
    draft = services.version_new_draft(actor=qa, tool=tool)
    question = Question.objects.get(section__version=draft, key="info_grade")
    draft.refresh_from_db()
    services.question_update(
        actor=qa,
        question=question,
        text=text or question.text,
        kind=question.kind,
        scale=scale or question.scale,
        expected_version=draft.version,
    )
    draft.refresh_from_db()
    return draft


def _graded_on_two_scales(world):
    """Police answer version 1 'Good'. Version 2 grades the same question on
    the partnership's own scale; the care board, added to the case since,
    answers version 2 'Strong'. Each met the standard of its own scale."""
    qa = world["qa"].user
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    answer_returns(world, audit)  # "good"
    own = services.scale_create(
        actor=qa,
        partnership=world.partnership,
        name="Strong to unsafe",
        levels=["Strong", "Sound", "Weak", "Unsafe"],
        meeting_standard=2,
    )
    draft = _draft_with_grade_question_changed(qa, audit.tool, scale=own)
    services.version_publish(actor=qa, version=draft, expected_version=draft.version)
    assignments_set(actor=qa, audit_case=audit.audit_cases.get(), agencies=[world.police, world.health])
    health = Return.objects.get(audit=audit, agency=world.health)
    assert health.tool_version_id == draft.pk
    lead = world["health_lead"]
    health = save(health, lead, {"info_grade": "strong", "health_involved": "yes"})
    return_submit(actor=lead.user, membership=lead.membership, return_record=health, expected_version=health.version)
    return audit


def test_the_counts_read_each_answer_on_the_scale_of_its_own_version(world, client_for):
    audit = _graded_on_two_scales(world)
    page = client_for(world["qa"]).get(reverse("returns:summary", args=[audit.pk])).content.decode()
    grades = read_tables(page)[GRADE_QUESTION]
    # One table for the question: the levels of both scales, the newest version's first.
    assert grades.head == [
        "Agency",
        "Strong",
        "Sound",
        "Weak",
        "Unsafe",
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "Met the standard",
    ]
    assert grades.cell(world.police.name, "Good") == "1"
    assert grades.cell(world.health.name, "Strong") == "1"
    assert grades.cell("All agencies", "Met the standard").startswith("2 of 2")
    assert grades.cell(world.police.name, "Met the standard").startswith("1 of 1")


def test_the_meeting_shows_each_agencys_grade_in_the_words_of_its_own_version(world, client_for):
    audit = _graded_on_two_scales(world)
    move(audit, Stage.MEETING, world["qa"].user)
    case = audit.audit_cases.get()
    page = client_for(world["qa"]).get(reverse("findings:discussion", args=[audit.pk, case.pk])).content.decode()
    table = re.search(r"<caption[^>]*>Grades the agencies gave</caption>(.*?)</table>", page, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [words_shown(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        rows[cells[0]] = cells[1]
    assert rows == {world.health.name: "Strong", world.police.name: "Good"}


def test_a_return_not_yet_started_uses_the_version_published_since(world, client_for):
    """The page promises it: returns not yet started use the new version;
    returns already started keep the version they began with."""
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, second = Return.objects.filter(audit=audit).order_by("audit_case__number")
    save(first, world["auditor"], {"info_grade": "good"})  # started: stays on version 1
    draft = _draft_with_grade_question_changed(world["qa"].user, audit.tool, text=REWORDED)

    qa = client_for(world["qa"])
    response = qa.post(reverse("tools:publish", args=[draft.pk]), {"version": draft.version, "notes": ""}, follow=True)
    assert (
        "New returns and returns not yet started use it; returns already started keep the version they began with."
        in words_shown(response.content.decode())
    )

    auditor = client_for(world["auditor"])
    not_started = words_shown(auditor.get(reverse("returns:section", args=[second.pk, 1])).content.decode())
    assert REWORDED in not_started
    started = words_shown(auditor.get(reverse("returns:section", args=[first.pk, 1])).content.decode())
    assert GRADE_QUESTION in started and REWORDED not in started

    event = AuditEvent.objects.get(action="tool_version.published", changes__number=2)
    assert event.changes["returns_moved"] == 1


def test_a_return_opened_on_the_old_questions_is_not_saved_over_the_new_ones_unawares(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit)
    auditor = client_for(world["auditor"])
    url = reverse("returns:section", args=[ret.pk, 1])
    auditor.get(url)  # opened on version 1, not yet saved
    draft = _draft_with_grade_question_changed(world["qa"].user, audit.tool, text=REWORDED)
    services.version_publish(actor=world["qa"].user, version=draft, expected_version=draft.version)

    response = auditor.post(url, {"version": ret.version, "info_grade": "good", "health_involved": "yes"})
    assert response.status_code == 200
    assert REWORDED in words_shown(response.content.decode())
    ret.refresh_from_db()
    assert ret.answers == {}
