"""A file whose first bytes are not what its name says is refused in plain
English: "not an Excel file", "not a PDF file"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from maca.actions.evidence import check_file


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("plan.xlsx", "‘plan.xlsx’ is not an Excel file, whatever its name says"),
        ("notes.odt", "‘notes.odt’ is not an OpenDocument text file, whatever its name says"),
        ("minutes.pdf", "‘minutes.pdf’ is not a PDF file, whatever its name says"),
        ("letter.docx", "‘letter.docx’ is not a Word file, whatever its name says"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_in_plain_english(settings, name, words):
    with pytest.raises(ValidationError) as refused:
        check_file(SimpleUploadedFile(name, b"just some words, not the file its name says"))
    assert refused.value.messages == [words]
