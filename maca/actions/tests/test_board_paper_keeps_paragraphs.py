"""The board paper's "Closed in the last quarter" table keeps the paragraphs
and lines of a statement of impact in the PDF and in the Word file, as the
board page does (``core.presenters.paragraphs``)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from maca.actions import services
from maca.actions.tests.builders import raise_action
from maca.publications.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

FIRST = "Referrals arrive complete."
SECOND, THIRD = "Dip sample in June:", "nine of ten good."
IMPACT = f"{FIRST}\n\n{SECOND}\n{THIRD}"


def _closed(world):
    action = raise_action(world, title="Complete referrals")
    action = services.sign_off_request(
        actor=world["lead"].user, action=action, note="Form changed.", expected_version=action.version
    )
    return services.action_sign_off(
        actor=world["qa"].user, action=action, impact=IMPACT, expected_version=action.version
    )


def test_the_word_paper_keeps_the_paragraphs_of_a_statement_of_impact(world, client_for):
    action = _closed(world)
    document = Document(io.BytesIO(client_for(world["board"]).get(reverse("actions:plan_docx")).content))
    (table,) = [t for t in document.tables if t.rows[0].cells[-1].text == "Statement of impact"]
    (row,) = [r for r in table.rows[1:] if r.cells[0].text == action.reference]
    assert [p.text for p in row.cells[-1].paragraphs] == [FIRST, f"{SECOND}\n{THIRD}"]


def test_the_pdf_paper_keeps_the_paragraphs_of_a_statement_of_impact(world, client_for):
    _closed(world)
    text = pdf_text(client_for(world["board"]).get(reverse("actions:plan_pdf")).content)
    closed = text.split("Statement of impact", 1)[1].split("The plan", 1)[0]
    lines = [line.strip() for line in closed.splitlines()]
    # Each paragraph and each line begins a line of its own, not run on after the one before.
    assert FIRST in lines and SECOND in lines and THIRD in lines
