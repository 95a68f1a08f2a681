"""Text for a Word file: what people type or paste may hold characters XML
cannot carry (Word's own manual line break pastes as a vertical tab), and
python-docx refuses them. ``word.text`` leaves those out and keeps the rest."""

from __future__ import annotations

import io

from docx import Document

from maca.core import word


def test_characters_word_cannot_hold_are_left_out_and_the_words_kept():
    typed = "Shared\x0bchecklist\x0c for\x00 every\x1f agency\ufffe"
    assert word.text(typed) == "Sharedchecklist for every agency"


def test_tabs_new_lines_and_other_letters_are_kept():
    typed = "Column\tnext\nline\r\nCafé – “quoted” 😀"
    assert word.text(typed) == typed


def test_what_is_not_text_is_written_as_text():
    assert word.text(12) == "12"


def test_a_word_file_takes_the_text_and_shows_it():
    document = Document()
    document.add_paragraph(word.text("Every agency uses one\x0bchecklist."))
    word.running_header(document, "Draft\x0b: not for circulation")
    word.properties(document, title="Plan\x0b", author="Testshire\x01 Partnership")
    out = io.BytesIO()
    document.save(out)

    saved = Document(io.BytesIO(out.getvalue()))
    assert saved.paragraphs[-1].text == "Every agency uses onechecklist."
    assert saved.sections[0].header.paragraphs[0].text == "Draft: not for circulation"
    assert saved.core_properties.title == "Plan"
    assert saved.core_properties.author == "Testshire Partnership"
