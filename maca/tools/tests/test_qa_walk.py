"""What a QA walk of the tool pages found: hints keep their paragraphs, and a
refused grading scale says what would do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.page import words_shown
from maca.tools.models import GradingScale, Question, Section
from maca.tools.tests.builders import draft_tool

pytestmark = pytest.mark.django_db

TWO_PARAGRAPHS = "Think about every agency involved.\n\nSay <em>who</em> knew what,\nand when."


def test_a_questions_hint_keeps_its_paragraphs_in_the_preview(world, client_for):
    qa = client_for(world["qa"])
    draft = draft_tool(world.partnership)
    section = Section.objects.filter(version=draft).order_by("position").first()
    draft.refresh_from_db()
    response = qa.post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": draft.version,
            "text": "Was the father seen?",
            "help_text": TWO_PARAGRAPHS,
            "kind": "yes_no",
            "required": "on",
            "choices": "",
            "max_length": "10000",
        },
    )
    assert response.status_code == 302
    body = qa.get(reverse("tools:version", args=[draft.pk])).content.decode()
    assert "Think about every agency involved.<br><br>Say &lt;em&gt;who&lt;/em&gt; knew what,<br>and when." in body
    assert "<em>who</em>" not in body
    question = Question.objects.get(text="Was the father seen?")
    summary = qa.get(reverse("tools:question_remove", args=[question.pk])).content.decode()
    assert '<p class="govuk-body govuk-!-margin-bottom-2">Think about every agency involved.</p>' in summary


def test_a_scale_of_two_levels_says_only_the_top_one_can_meet_the_standard(world, client_for):
    qa = client_for(world["qa"])
    typed = {"name": "Pass or fail", "levels": "Pass\nFail", "meeting_standard": "3"}
    response = qa.post(reverse("tools:scale_new"), typed)
    shown = words_shown(response.content.decode())
    assert response.status_code == 200
    assert "With 2 levels, only the top level can meet the standard: choose ‘The top level only’" in shown
    assert "between 1 and 1" not in shown
    assert not GradingScale.objects.filter(name="Pass or fail").exists()
    assert "Pass or fail" not in words_shown(qa.get(reverse("tools:scales")).content.decode())
