"""A case list's rows are numbered as a spreadsheet shows them (the headings are
row 1), not by the lines of the CSV file: a cell written on several lines is
still one row, so the rows after it keep their numbers, and Excel's "sep=,"
line, which Excel does not show, is not a row."""

from __future__ import annotations

from maca.cases.models import ImportStatus
from maca.cases.tests.factories import child_row, csv_bytes, import_file, problems_of


def test_a_problem_after_a_cell_written_on_several_lines_names_the_spreadsheet_row(world):
    rows = [
        child_row("F-1", "C-1", Team="North\nCoast\nand moor"),  # row 2, four lines of the file
        child_row("F-2", "C-2", DOB="31/02/2020"),  # row 3
    ]
    case_import = import_file(partnership=world.partnership, content=csv_bytes(rows), actor=world["qa"].user)
    assert problems_of(case_import) == [(3, "DOB", "Enter a real date: this day does not exist")]


def test_a_quote_mark_not_closed_after_a_cell_written_on_several_lines_names_the_row_it_opens_in(world):
    good = csv_bytes([child_row("F-1", "C-1", Team="North\r\nCoast")]).decode()  # row 2, two lines
    broken = (
        good
        + 'F-2,C-2,14/03/2019,,F,WBRI,N,Child in need,"North,,,,,,,,\r\n'  # row 3
        + "F-3,C-3,14/03/2019,,F,WBRI,N,Child in need,North,,,,,,,,\r\n"
    )
    case_import = import_file(partnership=world.partnership, content=broken.encode(), actor=world["qa"].user)
    assert case_import.status == ImportStatus.FAILED
    assert [(row, column) for row, column, _message in problems_of(case_import)] == [(3, "Team")]


def test_excels_separator_line_is_not_counted_as_a_row(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-2", DOB="31/02/2020")]
    case_import = import_file(
        partnership=world.partnership, content=b"sep=,\r\n" + csv_bytes(rows), actor=world["qa"].user
    )
    # Excel opens the file with the headings in row 1: the second child is row 3.
    assert problems_of(case_import) == [(3, "DOB", "Enter a real date: this day does not exist")]
