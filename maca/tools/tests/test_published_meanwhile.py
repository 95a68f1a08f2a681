"""A change sent from a page opened while its version was a draft, after
someone published it (another tab, another person): the page says first that
the version is published and cannot be changed, not that a field is empty or
malformed (nothing the person fixes there could be saved), keeps what they
typed, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import Question, Section
from maca.tools.tests.builders import draft_tool

pytestmark = pytest.mark.django_db

REFUSAL = "Version 1 of ‘Neglect audit tool’ is published, so it cannot be changed. Make a new draft version"


def _published(world):
    version = draft_tool(world.partnership)
    opened_at = version.version
    services.version_publish(actor=None, version=version, expected_version=version.version)  # in another tab
    return version, opened_at


def _error_summary(page: str) -> str:
    start = page.index(">", page.index('class="govuk-error-summary"')) + 1
    return words_shown(page[start : page.index("</ul>", start)])


def test_a_question_sent_with_a_field_error_after_publishing_is_refused_first(world, client_for):
    version, opened_at = _published(world)
    question = Question.objects.get(section__version=version, key="worried")
    qa = client_for(world["qa"])

    response = qa.post(
        reverse("tools:question_edit", args=[question.pk]),
        {"version": opened_at, "text": "What worried us?", "kind": "text", "max_length": "ten"},
    )
    page = response.content.decode()
    summary = _error_summary(page)
    assert response.status_code == 200
    assert summary.startswith(f"There is a problem {REFUSAL}")
    assert "as a number" not in words_shown(page)
    shown = fields_shown(page)
    assert shown["text"].chosen == ["What worried us?"]
    assert shown["max_length"].chosen == ["ten"]
    assert shown["kind"].chosen == ["text"]
    assert Question.objects.get(pk=question.pk).text == "What are we worried about?"


def test_a_new_question_left_empty_after_publishing_is_refused_first(world, client_for):
    version, opened_at = _published(world)
    section = Section.objects.get(version=version, title="Counts")
    qa = client_for(world["qa"])

    response = qa.post(
        reverse("tools:question_new", args=[section.pk]),
        {"version": opened_at, "text": "", "help_text": "Count every referral.", "kind": ""},
    )
    page = response.content.decode()
    assert _error_summary(page).startswith(f"There is a problem {REFUSAL}")
    assert "Enter the question" not in words_shown(page)
    assert fields_shown(page)["help_text"].chosen == ["Count every referral."]
    assert not Question.objects.filter(section=section, help_text="Count every referral.").exists()


def test_a_section_left_without_a_title_after_publishing_is_refused_first(world, client_for):
    version, opened_at = _published(world)
    section = Section.objects.get(version=version, title="Counts")
    qa = client_for(world["qa"])

    for url in (reverse("tools:section_new", args=[version.pk]), reverse("tools:section_edit", args=[section.pk])):
        response = qa.post(url, {"version": opened_at, "title": "", "help_text": "What was counted."})
        page = response.content.decode()
        assert _error_summary(page).startswith(f"There is a problem {REFUSAL}"), url
        assert "Enter the section’s title" not in words_shown(page), url
        assert fields_shown(page)["help_text"].chosen == ["What was counted."], url
    assert list(Section.objects.filter(version=version).values_list("title", flat=True)) == [
        "Information sharing",
        "Counts",
    ]


def test_a_removal_sent_after_publishing_is_refused_first(world, client_for):
    version, _ = _published(world)
    question = Question.objects.get(section__version=version, key="worried")
    section = Section.objects.get(version=version, title="Counts")
    qa = client_for(world["qa"])

    for url in (
        reverse("tools:question_remove", args=[question.pk]),
        reverse("tools:section_remove", args=[section.pk]),
    ):
        response = qa.post(url, {"version": ""})  # an old page's version, lost
        assert _error_summary(response.content.decode()).startswith(f"There is a problem {REFUSAL}"), url
    assert Question.objects.filter(pk=question.pk).exists() and Section.objects.filter(pk=section.pk).exists()
