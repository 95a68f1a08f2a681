"""A line break pasted from Word arrives as a vertical tab. A one-line box
(the title) keeps its text on one line, the tab a space; a box of several
lines keeps it, and the board paper in Word, which cannot hold it (XML has no
such character), still downloads, with the words either side."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.django_db


def _words_in_word(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def test_an_action_with_a_pasted_line_break_is_on_the_board_paper_in_word(world, client_for):
    due = dt.date.today() + dt.timedelta(days=40)
    raised = client_for(world["qa"]).post(
        reverse("actions:raise"),
        {
            "title": "Shared\x0bchecklist",
            "text": "Every agency uses one\x0bchecklist.",
            "measure": "Dip sample.",
            "owner_agency": world.police.pk,
            "owner": world["lead"].user.pk,
            "priority": "high",
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
        },
    )
    assert raised.status_code == 302

    board = client_for(world["board"])
    paper = board.get(reverse("actions:plan_docx"))

    assert paper.status_code == 200
    assert "Shared checklist" in _words_in_word(paper.content)
    # The other downloads of the plan carry it too.
    for url in (
        reverse("actions:plan_pdf"),
        reverse("actions:plan_export", args=["xlsx"]),
        reverse("actions:plan_export", args=["csv"]),
    ):
        response = board.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
