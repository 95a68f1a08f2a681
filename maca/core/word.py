"""Word files as the partnership hands them out: A4 pages with sensible
margins (python-docx starts from US Letter), "Page N of M" at the foot of
every page, a marking at the head of every page when there is one, and the
file's properties naming the document and the partnership, never
"python-docx". Used by the action plan's board papers and the publications.
Any app's Word file is made the same way.

Every piece of text a Word writer adds goes through ``text`` first: people
type (or paste from Word itself, whose manual line break arrives as a vertical
tab) characters that XML cannot hold, and python-docx refuses them, so the
download would fail."""

from __future__ import annotations

import datetime as dt
import re

A4_SHORT_MM, A4_LONG_MM = 210, 297
MARGIN_MM = 20
LANDSCAPE_MARGIN_MM = 15

# What XML 1.0 cannot hold: the C0 control characters but tab, line feed and
# carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value) -> str:
    """``value`` as text Word can hold: the characters XML cannot carry
    (a vertical tab, a form feed, a NUL…) left out; tabs and new lines kept."""
    return _NOT_XML.sub("", str(value))


def a4_pages(document, *, landscape: bool = False) -> None:
    """Every section A4, portrait (20 mm margins) or landscape (15 mm)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    margin = Mm(LANDSCAPE_MARGIN_MM if landscape else MARGIN_MM)
    for section in document.sections:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(A4_LONG_MM), Mm(A4_SHORT_MM)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(A4_SHORT_MM), Mm(A4_LONG_MM)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
        section.header_distance = section.footer_distance = Mm(8)


def properties(document, *, title: str, author: str, subject: str = "", language: str = "en-GB") -> None:
    """The file's properties (File > Info): its title and the partnership as author."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    core = document.core_properties
    core.title = text(title)
    core.subject = text(subject)
    core.author = text(author)
    core.last_modified_by = text(author)
    core.comments = ""
    core.language = language
    core.created = core.modified = now
    core.revision = 1


def running_header(document, heading: str) -> None:
    """``heading`` at the head of every page (a draft's marking), bold."""
    for section in document.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.text = ""
        paragraph.add_run(text(heading)).bold = True


def page_numbers(document, *, before: str = "") -> None:
    """``Page 3 of 7`` at the foot of every page (Word's PAGE and NUMPAGES
    fields, which Word fills in as it lays the file out), after ``before``
    (the partnership's name) if given."""
    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        if before:
            paragraph.add_run(f"{text(before)} – ")
        paragraph.add_run("Page ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind in ("begin", "instr", "separate", "text", "end"):
        run = OxmlElement("w:r")
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
        paragraph._p.append(run)
