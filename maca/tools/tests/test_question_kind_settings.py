"""The question form shows each kind of answer's settings under its radio
(GOV.UK Frontend's conditional reveal): the scale under "Grade on a scale",
the choices under each kind of choice, the most characters under "Free text".
With JavaScript the chosen kind's settings alone show; without it all of them
show, each under its kind, and the form still works. A form shown again with
errors keeps the chosen kind's settings open and what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools.models import Question, QuestionKind, Section
from maca.tools.tests.builders import add_question, draft_tool

pytestmark = pytest.mark.django_db


RADIO = re.compile(r'<input class="govuk-radios__input" id="([^"]+)" name="kind" type="radio" value="([^"]+)"')


def _panels(page: str) -> dict[str, tuple[bool, str]]:
    """``{kind: (open, html)}``: each kind radio's conditional panel."""
    panels = {}
    for match in RADIO.finditer(page):
        item_id, kind = match.groups()
        start = f'class="govuk-radios__conditional{{}}" id="conditional-{item_id}">'
        hidden = start.format(" govuk-radios__conditional--hidden")
        where = page.find(hidden) if hidden in page else page.find(start.format(""))
        if where < 0:
            continue
        begin = page.index(">", where) + 1
        ends = (page.find('<div class="govuk-radios__item">', begin), page.find("</fieldset>", begin))
        panels[kind] = (hidden not in page, page[begin : min(i for i in ends if i > 0)])
    return panels


def test_each_kind_s_settings_are_under_its_radio_and_only_the_chosen_one_is_open(world, client_for):
    version = draft_tool(world.partnership)
    question = Question.objects.get(section__version=version, key="worried")  # free text
    page = client_for(world["qa"]).get(reverse("tools:question_edit", args=[question.pk])).content.decode()
    panels = _panels(page)
    assert set(panels) == {"grade", "single_choice", "multiple_choice", "text"}
    assert 'name="scale"' in panels["grade"][1]
    assert 'name="choices"' in panels["single_choice"][1]
    assert 'name="several_choices"' in panels["multiple_choice"][1]
    assert 'name="max_length"' in panels["text"][1]
    assert {kind for kind, (is_open, _) in panels.items() if is_open} == {"text"}
    assert 'data-module="govuk-radios"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]

    page = client_for(world["qa"]).get(reverse("tools:question_new", args=[question.section_id])).content.decode()
    assert not any(is_open for is_open, _ in _panels(page).values())


def test_a_form_shown_again_with_errors_keeps_the_chosen_kind_open_and_what_was_typed(world, client_for):
    version = draft_tool(world.partnership)
    section = Section.objects.get(version=version, title="Counts")
    qa = client_for(world["qa"])
    url = reverse("tools:question_new", args=[section.pk])

    page = qa.post(
        url,
        {"version": version.version, "text": "Which teams?", "kind": "multiple_choice", "several_choices": "Police"},
    ).content.decode()
    panels = _panels(page)
    assert {kind for kind, (is_open, _) in panels.items() if is_open} == {"multiple_choice"}
    assert "Enter at least 2 different choices, one per line" in words_shown(panels["multiple_choice"][1])
    assert 'href="#id_several_choices"' in page
    assert fields_shown(page)["several_choices"].chosen == ["Police"]

    page = qa.post(
        url, {"version": version.version, "text": "Describe it", "kind": "text", "max_length": "ten"}
    ).content.decode()
    panels = _panels(page)
    assert {kind for kind, (is_open, _) in panels.items() if is_open} == {"text"}
    assert "Enter the most characters allowed as a number" in words_shown(panels["text"][1])
    assert fields_shown(page)["max_length"].chosen == ["ten"]


def test_the_choices_typed_under_the_kind_chosen_are_saved_and_shown_again(world, client_for):
    version = draft_tool(world.partnership)
    section = Section.objects.get(version=version, title="Counts")
    qa = client_for(world["qa"])
    # As a browser sends it: both boxes of choices, the one under the kind chosen filled in.
    response = qa.post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": version.version,
            "text": "Which teams?",
            "kind": "multiple_choice",
            "choices": "",
            "several_choices": "Police\nHealth",
            "max_length": "10000",
            "required": "on",
        },
        follow=True,
    )
    assert "The question has been added." in words_shown(response.content.decode())
    question = Question.objects.get(section=section, text="Which teams?")
    assert (question.kind, question.choices) == (QuestionKind.MULTIPLE_CHOICE, ["Police", "Health"])

    page = qa.get(reverse("tools:question_edit", args=[question.pk])).content.decode()
    assert fields_shown(page)["several_choices"].chosen == ["Police\nHealth"]
    assert _panels(page)["multiple_choice"][0]

    single = add_question(section, "Who led?", "single_choice", choices=["Police", "Health"])
    page = qa.get(reverse("tools:question_edit", args=[single.pk])).content.decode()
    assert fields_shown(page)["choices"].chosen == ["Police\nHealth"]
    assert _panels(page)["single_choice"][0]


def test_without_javascript_choices_typed_under_the_other_kind_of_choice_are_read(world, client_for):
    """Without JavaScript both boxes show: choices typed in the one under the
    other kind of choice are read rather than refused as missing."""
    version = draft_tool(world.partnership)
    section = Section.objects.get(version=version, title="Counts")
    response = client_for(world["qa"]).post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": version.version,
            "text": "Which teams?",
            "kind": "multiple_choice",
            "choices": "Police\nHealth",
            "several_choices": "",
            "max_length": "10000",
        },
        follow=True,
    )
    assert "The question has been added." in words_shown(response.content.decode())
    assert Question.objects.get(section=section, text="Which teams?").choices == ["Police", "Health"]
