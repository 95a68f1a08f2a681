"""The grade the meeting agreed for a case, after a new version of the audit's
tool is published with another scale (ADR 0016, addendum): the discussion
page shows and keeps the grade on the scale it was agreed on, and a case not
graded yet is offered the scale its sent returns graded on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.services import discussion_save, grading_scale_of
from maca.findings.tests.builders import audit_at_meeting
from maca.programme.tests.factories import AuditFactory
from maca.returns.models import Return, ReturnStatus
from maca.tests.page import Page, words_shown
from maca.tools import services as tool_services
from maca.tools.models import Question
from maca.tools.tests.factories import published_tool

pytestmark = pytest.mark.django_db


def _draft_with_own_scale(world, tool):
    """A draft version 2 of the tool, its grade question on the partnership's
    own three-point scale."""
    scale = tool_services.scale_create(
        actor=None,
        partnership=world.partnership,
        name="Three point",
        levels=["Strong", "Adequate", "Weak"],
        meeting_standard=2,
    )
    draft = tool_services.version_new_draft(actor=None, tool=tool)
    question = Question.objects.get(section__version=draft, key="info_grade")
    draft.refresh_from_db()
    tool_services.question_update(
        actor=None,
        question=question,
        text=question.text,
        kind=question.kind,
        expected_version=draft.version,
        scale=scale,
    )
    draft.refresh_from_db()
    return draft


def _publish_v2_with_own_scale(world, audit):
    draft = _draft_with_own_scale(world, audit.tool)
    return tool_services.version_publish(actor=None, version=draft, expected_version=draft.version)


@pytest.fixture
def audit(world):
    """Police submitted every case's return on version 1 (four-point); the
    care board never started its returns."""
    return audit_at_meeting(world)


def test_reopening_the_discussion_after_a_new_tool_version_keeps_the_agreed_grade(world, audit, qa):
    """The meeting agrees 'Good' for case 1; version 2, on another scale, is
    published and the care board's untouched returns move onto it. Reopened,
    the discussion page still ticks 'Good'; saving a change to the notes keeps
    it, and the case page still says it."""
    case = audit.audit_cases.order_by("number").first()
    saved = discussion_save(
        actor=world["qa"].user, audit_case=case, notes="Agreed", agreed_grade="good", expected_version=None
    )
    _publish_v2_with_own_scale(world, audit)
    care_board = Return.objects.get(audit_case=case, agency=world.health)
    assert care_board.tool_version.number == 2  # as designed: returns nobody started follow

    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    shown = Page(qa.get(url).content.decode()).checked("agreed_grade")
    assert shown == {"good"}
    # The QA officer adds a line to the notes and saves, the grade left as shown.
    notes = "Agreed. Police to follow up."
    response = qa.post(url, {"version": saved.version, "notes": notes, "agreed_grade": next(iter(shown), "")})
    assert response.status_code == 302, words_shown(response.content.decode())
    saved.refresh_from_db()
    assert (saved.notes, saved.agreed_grade) == (notes, "good")
    case_page = words_shown(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert "Overall grade agreed Good" in case_page

    # Ticked again on the page as it now is, "Good" is accepted, not refused.
    saved = discussion_save(
        actor=world["qa"].user, audit_case=case, notes=saved.notes, agreed_grade="good", expected_version=saved.version
    )
    assert saved.agreed_grade_label == "Good"


def test_a_case_not_graded_yet_is_offered_the_scale_its_sent_returns_graded_on(world, audit, qa):
    """Case 2 has no grade agreed when version 2 is published: its police
    return was submitted on version 1, so the page offers version 1's scale,
    not the one the care board's unstarted return moved to."""
    v1_scale = grading_scale_of(audit)
    case = audit.audit_cases.order_by("number").last()
    _publish_v2_with_own_scale(world, audit)

    assert grading_scale_of(audit) == grading_scale_of(audit, case) == v1_scale
    page = Page(qa.get(reverse("findings:discussion", args=[audit.pk, case.pk])).content.decode())
    offered = {e.get("value") for e in page.inputs("agreed_grade")}
    assert "good" in offered
    assert not offered & {"strong", "adequate", "weak"}  # the three-point scale's levels


def test_the_scale_sent_returns_used_wins_over_the_first_return_in_order(world, audit):
    """The first return in case and agency order is the care board's (not
    started, moved onto version 2); the police's submitted one decides."""
    v1_scale = grading_scale_of(audit)
    case = audit.audit_cases.order_by("number").first()
    _publish_v2_with_own_scale(world, audit)
    first = Return.objects.filter(audit=audit).order_by("audit_case__number", "agency__name").first()
    assert (first.status, first.tool_version.number) == (ReturnStatus.NOT_STARTED, 2)
    assert grading_scale_of(audit, case) == v1_scale


def test_a_draft_version_never_gives_the_scale(world):
    """An audit with no returns yet: a draft version 2 on another scale, not
    published, is not the scale the meeting grades on."""
    version = published_tool(world.partnership, kind="case", name="Tool with a draft")
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, tool=version.tool)
    published_scale = grading_scale_of(audit)
    _draft_with_own_scale(world, version.tool)
    assert published_scale.name != "Three point"
    assert grading_scale_of(audit) == published_scale
