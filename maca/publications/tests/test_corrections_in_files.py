"""A correction's reason as its readers meet it: on the page, in the PDF and in
the Word file, in the same words, and in a file kept before it was printed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from maca.publications import files, rendering, services
from maca.publications.document import Document
from maca.publications.models import PublicationVersion, RenderedFile
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.publications.tests.pdf import pdf_text
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

REASON = "The number of children in step 1 was wrong: it is 3, not 2."
NOTE = f"Corrected on 3 March 2027: {REASON}"


def _words(text: str) -> str:
    return " ".join(text.split())


def _corrected(world):
    """A briefing published, then corrected with ``REASON``; the correction
    published on 3 March 2027."""
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    publish(world, publication)
    services.correction_start(actor=world["qa"].user, publication=publication, reason=REASON)
    publish(world, publication)
    PublicationVersion.objects.filter(publication=publication, number=2).update(
        published_at=dt.datetime(2027, 3, 3, 10, 30, tzinfo=dt.UTC)
    )
    return publication


def _word_text(content: bytes) -> list[str]:
    return [p.text for p in WordDocument(io.BytesIO(content)).paragraphs]


def test_a_corrections_reason_reads_the_same_on_the_page_in_the_pdf_and_in_word(world, client_for):
    publication = _corrected(world)
    board = client_for(world["board"])  # a reader, not a writer
    page = words_of(board.get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert page.count(NOTE) == 1

    pdf = pdf_text(board.get(reverse("publications:download", args=[publication.pk, 2, "pdf"])).content)
    assert NOTE in _words(pdf)
    # Near the top: before the first section's heading.
    assert _words(pdf).index(NOTE) < _words(pdf).index("1. Theme and cases")

    paragraphs = _word_text(board.get(reverse("publications:download", args=[publication.pk, 2, "docx"])).content)
    assert NOTE in paragraphs
    assert paragraphs.index(NOTE) < paragraphs.index("1. Theme and cases")

    # The version it replaced corrects nothing, and says nothing of it.
    first = pdf_text(board.get(reverse("publications:download", args=[publication.pk, 1, "pdf"])).content)
    assert "Corrected on" not in first and REASON not in _words(first)
    assert not any(
        "Corrected on" in p
        for p in _word_text(board.get(reverse("publications:download", args=[publication.pk, 1, "docx"])).content)
    )


def test_a_correction_not_yet_published_says_so_and_not_when(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    publish(world, publication)
    services.correction_start(actor=world["qa"].user, publication=publication, reason=REASON)
    qa = client_for(world["qa"])
    page = words_of(qa.get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert f"Correction: {REASON}" in page and "Corrected on" not in page
    paragraphs = _word_text(qa.get(reverse("publications:download", args=[publication.pk, 2, "docx"])).content)
    assert f"Correction: {REASON}" in paragraphs


def test_a_corrections_file_kept_before_its_note_was_printed_is_made_again(world, client_for):
    publication = _corrected(world)
    version = publication.versions.get(number=2)
    board = client_for(world["board"])
    url = reverse("publications:download", args=[publication.pk, 2, "pdf"])
    # The file as it was kept before: the same letterhead without the note, under that letterhead's key.
    first = pdf_text(board.get(url).content)
    assert NOTE in _words(first)
    kept = RenderedFile.objects.get(version=version, format="pdf")
    letterhead = rendering.Letterhead(world.partnership.name)
    old = rendering.pdf_bytes(Document.from_json(version.document), letterhead)
    RenderedFile.objects.filter(pk=kept.pk).update(key=files.file_key(version, letterhead, "pdf"), content=old)
    assert NOTE not in _words(pdf_text(old))

    again = board.get(url).content
    assert NOTE in _words(pdf_text(again))
    kept.refresh_from_db()
    assert bytes(kept.content) == again


def test_everything_on_the_letterhead_is_in_a_kept_files_key(world):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publish(world, publication)
    full = rendering.Letterhead("A partnership", b"\x89PNG logo", "A status", correction_note="Corrected on …")
    key = files.file_key(version, full, "pdf")
    for item in dataclasses.fields(rendering.Letterhead):
        changed = dataclasses.replace(full, **{item.name: type(getattr(full, item.name))()})
        assert files.file_key(version, changed, "pdf") != key, item.name
