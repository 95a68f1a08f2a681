"""A board member downloading the board papers of the red actions: the paper
never says no action was closed in the last quarter when one was, only that
none of the actions it shows was (a closed action has no colour, so a paper
of red actions can list none)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from maca.actions.services import action_sign_off, sign_off_request
from maca.actions.tests.builders import raise_action
from maca.publications.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_this_quarter(world):
    action = raise_action(world)
    action = sign_off_request(
        actor=world["lead"].user, action=action, note="Sample done.", expected_version=action.version
    )
    return action_sign_off(
        actor=world["qa"].user, action=action, impact="Referrals now arrive complete.", expected_version=action.version
    )


def _words(client, name: str, query: str) -> str:
    content = client.get(reverse(name) + query).content
    if name == "actions:plan_pdf":
        return " ".join(pdf_text(content).split())
    return " ".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize("name", ["actions:plan_pdf", "actions:plan_docx"])
def test_a_paper_of_red_actions_says_none_of_those_shown_was_closed_not_that_none_was(
    world, client_for, closed_this_quarter, name
):
    board = client_for(world["board"])
    red = _words(board, name, "?rag=red")
    assert "Actions shown: RAG Red." in red
    assert "None of the actions shown was closed in the last quarter." in red
    assert "None of the actions shown is overdue." in red
    assert "No action was closed in the last quarter." not in red
    every = _words(board, name, "")
    assert "No action was closed in the last quarter." not in every  # it lists the closed one
    assert "No action is overdue." in every
