"""A chronology upload's problems with one cell of the file itself (a quote mark
not closed, a NUL character, a cell longer than a spreadsheet's) name its row
and column as every other cell problem does ("Row 3, column ‘Date’: …"), and
rows are numbered as the spreadsheet shows them, even after a cell written on
several lines."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.returns.chronology import TEMPLATE_HEADINGS
from maca.returns.models import ChronologyEntry
from maca.returns.tests.chronology_factories import make_chronology_audit
from maca.tests.page import words_shown


@pytest.fixture
def police_return(world):
    return make_chronology_audit(world).return_of(world.police)


def _problems_after_upload(world, client_for, ret, content: bytes) -> str:
    response = client_for(world["auditor"]).post(
        reverse("chronology:upload", args=[ret.pk]), {"file": SimpleUploadedFile("chronology.csv", content)}
    )
    assert not ChronologyEntry.objects.filter(return_record=ret).exists()
    text = words_shown(html.unescape(response.content.decode()))
    return text[text.index("There is a problem") :]


def _lines(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


HEADINGS = ",".join(TEMPLATE_HEADINGS)


def test_a_quote_mark_not_closed_names_the_row_and_column_where_it_opens(world, client_for, police_return):
    content = _lines(
        HEADINGS,
        "3/1/2025,,Seen,,positive,",
        '4/1/2025,,Seen again,,negative,"Referred on',
        "5/1/2025,,Lost row,,negative,Nothing",
    )
    problems = _problems_after_upload(world, client_for, police_return, content)
    assert f'Row 3, column ‘{TEMPLATE_HEADINGS[5]}’: a quote mark (") at the start of this cell' in problems


def test_a_nul_character_names_its_row_and_column(world, client_for, police_return):
    content = _lines(HEADINGS, "3/1/2025,,Seen,,positive,", "4/1/2025,,Seen\x00 again,,negative,")
    problems = _problems_after_upload(world, client_for, police_return, content)
    assert f"Row 3, column ‘{TEMPLATE_HEADINGS[2]}’: this cell holds a NUL character" in problems


def test_a_cell_longer_than_a_spreadsheet_holds_names_its_row_and_column(world, client_for, police_return):
    content = _lines(HEADINGS, "3/1/2025,,Seen,,positive,", f"4/1/2025,,Seen,{'x' * 33_000},negative,")
    problems = _problems_after_upload(world, client_for, police_return, content)
    assert f"Row 3, column ‘{TEMPLATE_HEADINGS[3]}’: this cell holds 33,000 characters" in problems


def test_a_bad_date_after_an_event_written_on_several_lines_names_its_spreadsheet_row(world, client_for, police_return):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADINGS)
    writer.writerow(["3/1/2025", "", "Home visit.\nMother struggling.\nSchool told.", "", "negative", ""])
    writer.writerow(["31/2/2025", "", "Seen again", "", "positive", ""])  # row 3 in a spreadsheet
    problems = _problems_after_upload(world, client_for, police_return, buffer.getvalue().encode())
    assert f"Row 3, column ‘{TEMPLATE_HEADINGS[0]}’" in problems
    assert "Row 5" not in problems
