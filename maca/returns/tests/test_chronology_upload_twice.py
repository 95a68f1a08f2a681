"""The same chronology spreadsheet uploaded twice does not double the
chronology: a row the same as an entry already there (every field, its texts
trimmed) is not added again, and the page says which rows. Two rows of one
file that read alike are both added (they may be two real events), and the
page says so."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.returns.chronology import TEMPLATE_HEADINGS
from maca.returns.models import ChronologyEntry
from maca.returns.tests.chronology_factories import make_chronology_audit
from maca.tests.page import words_shown

ROWS = [
    [
        "3/3/2025",
        "",
        "Made-up event: domestic abuse incident reported",
        "Police incident log",
        "negative",
        "Risk assessed",
    ],
    ["2025-03-10", "2025-04-10", "Made-up event: a plan period", "Minutes", "positive", ""],
    ["12/3/2025", "", "Made-up event: missed school", "", "neutral", ""],
]


@pytest.fixture
def police_return(world):
    return make_chronology_audit(world).return_of(world.police)


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADINGS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _upload(client, ret, rows) -> str:
    response = client.post(
        reverse("chronology:upload", args=[ret.pk]),
        {"file": SimpleUploadedFile("chronology.csv", _csv(rows))},
        follow=True,
    )
    assert response.status_code == 200
    return words_shown(response.content.decode())


def test_the_same_file_uploaded_again_adds_nothing_and_says_so(world, client_for, police_return):
    client = client_for(world["auditor"])
    assert "3 entries have been added to the chronology." in _upload(client, police_return, ROWS)

    shown = _upload(client, police_return, ROWS)

    assert (
        "No entries have been added. All 3 rows of the file (rows 2, 3 and 4) were already in the chronology." in shown
    )
    assert ChronologyEntry.objects.current().filter(return_record=police_return).count() == 3
    for row in ROWS:
        assert shown.count(row[2]) == 1


def test_a_corrected_file_adds_only_its_new_rows_and_names_those_already_there(world, client_for, police_return):
    client = client_for(world["auditor"])
    _upload(client, police_return, ROWS)
    corrected = [
        # Spaces around the text, as a spreadsheet saved again may have them: the same entry.
        [
            "03/03/2025",
            "",
            "  Made-up event: domestic abuse incident reported ",
            "Police incident log",
            "Negative",
            "Risk assessed",
        ],
        ROWS[1],
        ["12/3/2025", "", "Made-up event: missed school (corrected)", "", "neutral", ""],
        ["14/3/2025", "", "Made-up event: seen by the school nurse", "School record", "positive", ""],
    ]

    shown = _upload(client, police_return, corrected)

    assert (
        "2 entries have been added to the chronology. 2 rows (rows 2 and 3) were already in the chronology "
        "and were not added again." in shown
    )
    assert ChronologyEntry.objects.current().filter(return_record=police_return).count() == 5
    assert shown.count("Made-up event: domestic abuse incident reported") == 1
    assert "Made-up event: seen by the school nurse" in shown


def test_two_rows_alike_in_one_file_are_both_added_and_said_so(world, client_for, police_return):
    client = client_for(world["auditor"])

    shown = _upload(client, police_return, [ROWS[0], ROWS[2], ROWS[0]])

    assert "3 entries have been added to the chronology." in shown
    assert "Rows 2 and 4 of the file are the same as each other: both were added." in shown
    assert shown.count(ROWS[0][2]) == 2
    # Uploaded again: both are already there, neither is added.
    again = _upload(client, police_return, [ROWS[0], ROWS[2], ROWS[0]])
    assert "All 3 rows of the file (rows 2, 3 and 4) were already in the chronology." in again
    assert again.count(ROWS[0][2]) == 2


def test_an_entry_removed_is_not_in_the_chronology_so_its_row_is_added_again(world, client_for, police_return):
    client = client_for(world["auditor"])
    _upload(client, police_return, ROWS[:1])
    entry = ChronologyEntry.objects.get(return_record=police_return)
    client.post(reverse("chronology:remove", args=[police_return.pk, entry.pk]), {"version": entry.version})
    assert not ChronologyEntry.objects.current().filter(return_record=police_return).exists()

    shown = _upload(client, police_return, ROWS[:1])

    assert "1 entry has been added to the chronology." in shown
    assert "already" not in shown


def test_a_file_with_a_bad_row_still_saves_nothing_and_names_the_cell(world, client_for, police_return):
    client = client_for(world["auditor"])
    _upload(client, police_return, ROWS)

    shown = _upload(client, police_return, [*ROWS, ["31/2/2025", "", "Made-up event", "", "neutral", ""]])

    assert f"Row 5, column ‘{TEMPLATE_HEADINGS[0]}’" in shown
    assert ChronologyEntry.objects.current().filter(return_record=police_return).count() == 3
