"""Where the board summary's chart of actions by RAG and agency has no action
in it, the board page, the board paper's PDF and its Word file say why, in the
same words (``reporting.nothing_open_sentence``): the plan has no actions, the
filters chosen match none, or every action is closed or cancelled."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from maca.actions import services
from maca.actions.reporting import ALL_FINISHED, NO_ACTIONS, NONE_MATCH
from maca.actions.tests.builders import raise_action
from maca.publications.tests.pdf import pdf_text
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

ALL_SENTENCES = (NO_ACTIONS, NONE_MATCH, ALL_FINISHED)


def _board(world, client_for) -> str:
    return words_of(client_for(world["board"]).get(reverse("actions:board")).content.decode())


def _pdf(world, client_for, query: str = "") -> str:
    response = client_for(world["qa"]).get(reverse("actions:plan_pdf") + query)
    assert response.status_code == 200
    return " ".join(pdf_text(response.content).split())


def _word(world, client_for, query: str = "") -> str:
    response = client_for(world["qa"]).get(reverse("actions:plan_docx") + query)
    assert response.status_code == 200
    return " ".join(" ".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs).split())


def _says_only(text: str, sentence: str) -> None:
    assert sentence in text, text
    for other in ALL_SENTENCES:
        if other != sentence:
            assert other not in text


def test_a_plan_with_no_actions_says_so_on_the_page_and_in_both_papers(world, client_for):
    _says_only(_board(world, client_for), NO_ACTIONS)
    _says_only(_pdf(world, client_for), NO_ACTIONS)
    _says_only(_word(world, client_for), NO_ACTIONS)


def test_filters_that_match_no_action_say_so_in_both_papers(world, client_for):
    raise_action(world, agency=world.police)
    query = "?status=closed"
    _says_only(_pdf(world, client_for, query), NONE_MATCH)
    _says_only(_word(world, client_for, query), NONE_MATCH)
    # The board page has no filters: the police's action is on it.
    assert not any(sentence in _board(world, client_for) for sentence in ALL_SENTENCES)


def test_a_plan_whose_every_action_is_finished_says_so_everywhere(world, client_for):
    action = raise_action(world)
    services.action_cancel(
        actor=world["qa"].user, action=action, reason="Raised twice by mistake.", expected_version=action.version
    )
    _says_only(_board(world, client_for), ALL_FINISHED)
    _says_only(_pdf(world, client_for), ALL_FINISHED)
    _says_only(_word(world, client_for), ALL_FINISHED)
