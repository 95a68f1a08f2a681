"""A board paper says what red, amber and green mean.

Found on a walk as a board member: the PDF and Word board papers said the
colours were "by the rules in the plan’s guidance", which a board member
reading the paper away from maca does not have; the board summary page did
not say them at all. Now each says them, in the plan page's words.
"""

from __future__ import annotations

import io
import re

from django.urls import reverse
from docx import Document

from maca.actions.tests.builders import raise_action
from maca.publications.tests.pdf import pdf_text

RULES = (
    "Red: overdue. Amber: due within 4 weeks with no progress in the last 4 weeks. "
    "Green: on track, or done and waiting for sign-off. Closed and cancelled actions have no colour."
)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_and_word_board_papers_say_what_the_colours_mean(world, client_for):
    raise_action(world)
    board = client_for(world["board"])
    pdf = _one_line(pdf_text(board.get(reverse("actions:plan_pdf")).content))
    assert RULES in pdf and "plan’s guidance" not in pdf
    document = Document(io.BytesIO(board.get(reverse("actions:plan_docx")).content))
    words = _one_line(" ".join(p.text for p in document.paragraphs))
    assert RULES in words and "plan’s guidance" not in words


def test_the_board_summary_and_the_plan_say_them_in_the_same_words(world, client_for):
    raise_action(world)
    board = client_for(world["board"])
    for name in ("actions:board", "actions:plan"):
        page = _one_line(board.get(reverse(name)).content.decode())
        assert RULES in page, name
