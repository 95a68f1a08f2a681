"""A question's key follows it from version to version, and the counts, the
grades at the meeting and findings read answers by key: so a question an
earlier published version asked keeps its kind of answer in a new draft. To
ask for another kind, a person adds a new question (a new key). A question
only ever asked in the draft can still change kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import Question, QuestionKind, Section, ToolVersion
from maca.tools.tests.builders import add_question, draft_tool

pytestmark = pytest.mark.django_db

REFUSED = (
    "Version 1 asked this question for a number, so its kind of answer cannot change. "
    "To ask for another kind of answer, add a new question and remove this one"
)


def _new_draft_of_published(world) -> ToolVersion:
    version = draft_tool(world.partnership)
    services.version_publish(actor=None, version=version, expected_version=version.version)
    draft = services.version_new_draft(actor=None, tool=version.tool)
    draft.refresh_from_db()
    return draft


def test_a_published_question_cannot_become_another_kind_in_a_new_draft(world, client_for):
    draft = _new_draft_of_published(world)
    question = Question.objects.get(section__version=draft, key="contacts")
    qa = client_for(world["qa"])
    url = reverse("tools:question_edit", args=[question.pk])
    sent = {**{n: s.chosen[0] for n, s in fields_shown(qa.get(url).content.decode()).items() if s.chosen}}

    response = qa.post(url, {**sent, "kind": "text", "max_length": "500", "text": "Describe the contacts"})
    page = response.content.decode()
    words = words_shown(page)
    assert response.status_code == 200
    assert f"There is a problem {REFUSED}" in words
    assert 'href="#id_kind_1"' in page or 'href="#id_kind"' in page
    assert fields_shown(page)["kind"].chosen == ["text"]
    assert fields_shown(page)["text"].chosen == ["Describe the contacts"]
    question.refresh_from_db()
    assert (question.kind, question.text) == (QuestionKind.NUMBER, "How many contacts were there?")

    # Its other parts still change.
    response = qa.post(url, {**sent, "text": "How many contacts were recorded?"}, follow=True)
    assert "The question has been updated." in words_shown(response.content.decode())
    question.refresh_from_db()
    assert question.text == "How many contacts were recorded?"


def test_the_service_refuses_it_on_the_kind_field(world):
    draft = _new_draft_of_published(world)
    question = Question.objects.get(section__version=draft, key="contacts")
    with pytest.raises(ValidationError) as refused:
        services.question_update(
            actor=None, question=question, text=question.text, kind="text", expected_version=draft.version
        )
    assert refused.value.message_dict == {"kind": [REFUSED]}


def test_a_question_new_in_the_draft_can_still_change_kind(world, client_for):
    draft = _new_draft_of_published(world)
    section = Section.objects.get(version=draft, title="Counts")
    added = add_question(section, "How many visits were there?", "number")
    draft.refresh_from_db()
    updated = services.question_update(
        actor=None, question=added, text="Describe the visits", kind="text", expected_version=draft.version
    )
    assert updated.kind == QuestionKind.TEXT

    first = draft_tool(world.partnership, name="Never published tool")
    question = Question.objects.get(section__version=first, key="contacts")
    updated = services.question_update(
        actor=None, question=question, text="Describe the contacts", kind="text", expected_version=first.version
    )
    assert updated.kind == QuestionKind.TEXT


def test_a_removed_question_added_again_as_another_kind_gets_a_new_key(world):
    draft = _new_draft_of_published(world)
    section = Section.objects.get(version=draft, title="Counts")
    old = Question.objects.get(section__version=draft, key="contacts")
    services.question_remove(actor=None, question=old, expected_version=draft.version)
    draft.refresh_from_db()

    again = add_question(section, "Contacts", "text")
    assert again.key != "contacts"
    with pytest.raises(ValidationError) as refused:
        draft.refresh_from_db()
        services.question_add(
            actor=None, section=section, text="Contacts", kind="yes_no", key="contacts", expected_version=draft.version
        )
    assert refused.value.message_dict["kind"][0].startswith("Version 1 asked this question for a number")

    same_kind = add_question(section, "Contacts", "number")
    assert same_kind.key == "contacts"


def test_the_form_says_which_kind_a_published_question_keeps(world, client_for):
    draft = _new_draft_of_published(world)
    question = Question.objects.get(section__version=draft, key="contacts")
    words = words_shown(
        client_for(world["qa"]).get(reverse("tools:question_edit", args=[question.pk])).content.decode()
    )
    assert "Version 1 asked this question for a number: to ask for another kind of answer, add a new question." in words
