"""A Word document renamed .xlsx is a zip, as a workbook is: it is refused on
upload as not an Excel workbook, with nothing kept."""

import html
import io
import re
import zipfile

from django.urls import reverse

from maca.cases.models import CaseImport
from maca.cases.reading import FileRejected, format_for
from maca.cases.tests.factories import HEADINGS, upload, xlsx_bytes

NOT_A_WORKBOOK = "The selected file is not an Excel workbook: save it as .xlsx and upload it again"


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Case list for the March audit (made-up text).")
    table = document.add_table(rows=1, cols=4)
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=False):
        cell.text = heading
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def error_summary(body: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    assert found, "no error summary on the page"
    return html.unescape(found.group())


def test_a_word_document_saved_as_xlsx_is_refused_with_the_error_summary_and_nothing_is_kept(world, client_for):
    content = docx_bytes()
    assert zipfile.is_zipfile(io.BytesIO(content))  # what passed for a workbook before
    body = client_for(world["qa"]).post(reverse("cases:import_new"), {"file": upload(content, "cases.xlsx")})
    summary = error_summary(body.content.decode())
    assert "There is a problem" in summary
    assert NOT_A_WORKBOOK in summary
    assert not CaseImport.objects.exists()


def test_a_workbook_written_by_openpyxl_still_passes_and_a_broken_zip_is_still_refused():
    content = xlsx_bytes([["F-1", "C-1"]])
    assert format_for("cases.xlsx", content) == "xlsx"
    for broken in (content[: len(content) // 2], b"PK\x03\x04" + b"\x00" * 100):
        try:
            format_for("cases.xlsx", broken)
        except FileRejected as error:
            assert str(error) == NOT_A_WORKBOOK
        else:
            raise AssertionError("a broken zip was taken for a workbook")
