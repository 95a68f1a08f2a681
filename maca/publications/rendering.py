"""One document, three formats: an HTML page, a tagged PDF and a Word file
(ADR 0025). Everything typed is text in all three: Django's templates escape
it for HTML and so for the PDF (WeasyPrint reads that HTML), and python-docx
writes runs of text, never markup.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass
from functools import cached_property

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maca.core import word as word_pages
from maca.core.charts import BarChart, Series
from maca.core.memory import cycle_collector_paused
from maca.publications.document import Document, Figure, as_at_sentence, blocks

LANGUAGE = "en-GB"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The logo's height at the top of a Word file.
LOGO_HEIGHT_CM = 2

logger = logging.getLogger(__name__)


def png_pixels(png: bytes) -> tuple[int, int] | None:
    """The width and height in pixels a PNG's header gives, without reading
    its picture; ``None`` if it does not open as a PNG."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(bytes(png))) as image:
            return image.size if image.format == "PNG" else None
    except Exception:  # noqa: BLE001 (anything in a file that does not open means it is not one)
        return None


def logo_is_readable(png: bytes) -> bool:
    """Whether every format can print ``png``: each of its chunks is whole and
    its checksum right, its picture decodes, and Word's writer (python-docx)
    finds its size. A file that only starts like a PNG, or is cut short, is not."""
    from docx.image.image import Image as WordImage
    from docx.shared import Cm
    from PIL import Image

    data = bytes(png)
    if not data.startswith(PNG_SIGNATURE):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return False
            image.verify()
        # ``verify`` leaves the image unusable: open it again to decode the picture.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        WordImage.from_blob(data).scaled_dimensions(height=Cm(LOGO_HEIGHT_CM))
    except Exception:  # noqa: BLE001 (whatever fails in reading the file, it cannot be printed)
        return False
    return True


@dataclass(frozen=True)
class Letterhead:
    """What every format carries at its top: the partnership and its logo."""

    partnership_name: str
    logo_png: bytes = b""
    status_note: str = ""  # "Draft: not for circulation", or empty once published
    # "Corrected on 3 March 2027: …" (``presenters.correction_note``): under the
    # title in every format, so a file's reader knows what changed, as the page's does.
    correction_note: str = ""

    @cached_property
    def logo_usable(self) -> bool:
        """Whether there is a logo to print. One saved before the settings
        checked that a logo can be read may be damaged: it is left out, with a
        warning in the log, rather than fail every download."""
        if not self.logo_png:
            return False
        if logo_is_readable(self.logo_png):
            return True
        logger.warning("The logo of %s cannot be read: it is left out of the document", self.partnership_name)
        return False

    @property
    def logo_data_uri(self) -> str:
        if not self.logo_usable:
            return ""
        return "data:image/png;base64," + base64.b64encode(bytes(self.logo_png)).decode("ascii")


def bar_chart(figure: Figure, *, name: str) -> BarChart:
    return BarChart(
        figure.title,
        figure.summary,
        categories=list(figure.categories),
        series=[Series(series_name, list(values)) for series_name, values in figure.series],
        category_heading=figure.category_heading,
        name=name,
    )


def print_key(chart) -> list[dict]:
    """The chart's key for the printed file: on the web page the key's swatches
    use the chart's patterns by id; WeasyPrint draws every SVG by itself, so
    there each swatch carries its own."""
    return chart.key_swatches(standalone=True)


def _context(document: Document, letterhead: Letterhead) -> dict:
    sections = []
    for section in document.sections:
        sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "as_at": as_at_sentence(section),
                "blocks": blocks(section.text),
                "tables": section.tables,
                "chart": bar_chart(section.figure, name=f"{section.key}-figure") if section.figure else None,
            }
        )
    return {"document": document, "sections": sections, "letterhead": letterhead, "language": LANGUAGE}


def html_fragment(document: Document, letterhead: Letterhead) -> SafeString:
    """The document as the body of a GOV.UK page (headings from h1)."""
    return render_to_string("publications/render/page_body.html", _context(document, letterhead))


# A range of years ("2025–26", "2025–2026"): its en dash is a place a line may
# break, which printed a title as "… 2025–" and "26" on the next line.
YEARS = re.compile(r"\b(\d{4})–(\d{2}|\d{4})\b")


def unbroken_years(text: str) -> SafeString:
    """``text`` escaped, each range of years kept on one line (``white-space: nowrap``)."""
    # Safe: the text is escaped first, and the span wraps only digits and a dash.
    return mark_safe(YEARS.sub(r'<span class="years">\1–\2</span>', escape(text)))


def html_standalone(document: Document, letterhead: Letterhead) -> str:
    """The document as a whole HTML file, as WeasyPrint prints it."""
    context = _context(document, letterhead)
    context["title_html"] = unbroken_years(document.title)
    for section in context["sections"]:
        section["heading_html"] = unbroken_years(section["heading"])
        chart = section["chart"]
        if chart is not None:
            section["svg"] = chart.svg()
            section["key"] = print_key(chart)
            section["chart_table"] = chart.table()
    return render_to_string("publications/render/standalone.html", context)


def pdf_bytes(document: Document, letterhead: Letterhead) -> bytes:
    """A tagged PDF (PDF/UA-1): its language, title and heading structure are
    in the file, for screen readers."""
    from weasyprint import HTML

    html = html_standalone(document, letterhead)
    with cycle_collector_paused():
        return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)


def docx_bytes(document: Document, letterhead: Letterhead) -> bytes:
    """A Word file with Word's own Title, Heading, List Bullet and List Number
    styles, so a partnership can restyle it with its template."""
    from docx import Document as WordDocument
    from docx.shared import Cm

    word = WordDocument()
    # A4 (python-docx starts from US Letter); the title and the partnership in
    # the file's properties, never "python-docx".
    word_pages.a4_pages(word)
    word_pages.properties(
        word, title=document.title, author=letterhead.partnership_name, subject=document.subtitle, language=LANGUAGE
    )
    if letterhead.status_note:
        # A draft says so on every page, not only at the top of the first.
        word_pages.running_header(word, letterhead.status_note)
    word_pages.page_numbers(word, before=letterhead.partnership_name)
    _set_language(word)
    if letterhead.logo_usable:
        word.add_picture(io.BytesIO(bytes(letterhead.logo_png)), height=Cm(LOGO_HEIGHT_CM))
        word.paragraphs[-1].runs[0]._r.xpath("./w:drawing//wp:docPr")[0].set(
            "descr", word_pages.text(f"Logo of {letterhead.partnership_name}")
        )
    # Every text goes through ``word_pages.text``: what people typed may hold characters
    # Word's XML cannot (a pasted vertical tab), which python-docx refuses.
    word.add_paragraph(word_pages.text(letterhead.partnership_name), style="Subtitle")
    if letterhead.status_note:
        word.add_paragraph(word_pages.text(letterhead.status_note), style="Intense Quote")
    word.add_heading(word_pages.text(document.title), level=0)
    if document.subtitle:
        word.add_paragraph(word_pages.text(document.subtitle))
    if letterhead.correction_note:
        word.add_paragraph(word_pages.text(letterhead.correction_note), style="Quote")
    # Looking a style up by name costs a scan of every style: once each, not once a paragraph.
    list_styles = {kind: word.styles[name].style_id for kind, name in (("ul", "List Bullet"), ("ol", "List Number"))}
    for section in document.sections:
        word.add_heading(word_pages.text(section.heading), level=1)
        if section.as_at:
            word.add_paragraph(word_pages.text(as_at_sentence(section)))
        for kind, content in blocks(section.text):
            if kind == "p":
                word.add_paragraph(word_pages.text(content))
            else:
                for item in content:
                    word.add_paragraph(word_pages.text(item))._p.style = list_styles[kind]
        for table in section.tables:
            _word_table(word, table.caption, table.headings, table.rows)
        if section.figure:
            figure = section.figure
            word.add_heading(word_pages.text(figure.title), level=2)
            word.add_paragraph(word_pages.text(figure.summary))
            rows = [
                [category] + [_number(values[i]) for _name, values in figure.series]
                for i, category in enumerate(figure.categories)
            ]
            _word_table(word, figure.title, [figure.category_heading] + [name for name, _v in figure.series], rows)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _word_table(word, caption: str, headings: list[str], rows: list[list[str]]) -> None:
    word.add_paragraph(word_pages.text(caption), style="Caption")
    table = word.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(word_pages.text(heading)).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = word_pages.text(value)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(word) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault"))
    if rpr is None:
        return
    properties = rpr.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        rpr.append(properties)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    properties.append(language)
