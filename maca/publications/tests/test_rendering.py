"""The same content in HTML, PDF and Word: headings in order, the
partnership's name on each, what people typed shown as text everywhere."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import pytest
from docx import Document as WordDocument

from maca.publications import rendering
from maca.publications.document import Document, Figure, Section, Table
from maca.publications.models import PublicationSettings
from maca.publications.tests.pdf import pdf_info, pdf_text

MARKUP = '<script>alert("x")</script><b>bold</b> & <img src=x onerror=alert(1)>'
LETTERHEAD = rendering.Letterhead("Testshire Safeguarding Children Partnership")


def _document(text: str = "A plain paragraph.") -> Document:
    return Document(
        title="6 Step Briefing: Neglect in babies",
        subtitle="Multi-agency case audit, 2026–27",
        sections=[
            Section(
                "theme",
                "1. Theme and cases",
                f"Why this theme.\n\n- {text}\n- Second item\n\n1. First step\n2. Second step",
                tables=[Table("The cases audited", ["Case", "Children"], [["Case 1", "2"], ["Case 2", text]])],
            ),
            Section(
                "recommendations",
                "5. Recommendations",
                "Issues across cases.",
                figure=Figure(
                    "Findings by theme",
                    "Think family had most.",
                    "Theme",
                    ["Think family", text],
                    [("Findings", [3, 1])],
                ),
            ),
            Section("good_practice", "6. Good practice", text),
        ],
    )


def word_paragraphs(content: bytes) -> list[tuple[str, str]]:
    word = WordDocument(io.BytesIO(content))
    return [(p.style.name, p.text) for p in word.paragraphs]


def test_the_pdf_has_its_headings_in_order_and_the_partnership_name():
    text = pdf_text(rendering.pdf_bytes(_document(), LETTERHEAD), layout=True)
    positions = [
        text.index(h)
        for h in ("6 Step Briefing: Neglect in babies", "1. Theme and cases", "5. Recommendations", "6. Good practice")
    ]
    assert positions == sorted(positions)
    # On the letterhead and again in the page's footer.
    assert text.count("Testshire Safeguarding Children Partnership") == 2 * text.count("\f")
    assert "• Second item" in text and "The cases audited" in text


def _inflated(content: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            parts.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_pdf_is_tagged_with_its_language_title_and_headings():
    content = rendering.pdf_bytes(_document(), LETTERHEAD)
    info = pdf_info(content)
    assert "Tagged:          yes" in info
    assert "Title:           6 Step Briefing: Neglect in babies" in info
    assert re.search(rb"/Lang\s*\(en-GB\)", _inflated(content))
    structure = pdf_info(content, "-struct")
    tags = [line.strip().split()[0] for line in structure.splitlines() if line.strip().startswith(("H1", "H2", "H3"))]
    assert tags == ["H1", "H2", "H2", "H3", "H2"]
    assert "Table" in structure and "L (block)" in structure


def test_the_word_file_uses_real_heading_and_list_styles():
    paragraphs = word_paragraphs(rendering.docx_bytes(_document(), LETTERHEAD))
    headings = [(style, text) for style, text in paragraphs if style.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "6 Step Briefing: Neglect in babies"),
        ("Heading 1", "1. Theme and cases"),
        ("Heading 1", "5. Recommendations"),
        ("Heading 2", "Findings by theme"),
        ("Heading 1", "6. Good practice"),
    ]
    assert ("List Bullet", "Second item") in paragraphs
    assert ("List Number", "First step") in paragraphs
    assert paragraphs[0] == ("Subtitle", "Testshire Safeguarding Children Partnership")
    word = WordDocument(io.BytesIO(rendering.docx_bytes(_document(), LETTERHEAD)))
    assert word.core_properties.title == "6 Step Briefing: Neglect in babies"
    assert word.core_properties.language == "en-GB"
    assert [c.text for c in word.tables[0].rows[1].cells] == ["Case 1", "2"]


def test_markup_typed_by_a_person_is_text_in_html():
    html = rendering.html_fragment(_document(MARKUP), LETTERHEAD)
    assert "<script>" not in html and "<b>bold" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img" in html
    standalone = rendering.html_standalone(_document(MARKUP), LETTERHEAD)
    assert "<script>" not in standalone and "<img src=x" not in standalone


def test_markup_typed_by_a_person_is_text_in_the_pdf():
    text = pdf_text(rendering.pdf_bytes(_document(MARKUP), LETTERHEAD))
    flat = " ".join(text.split())
    assert '<script>alert("x")</script><b>bold</b> & <img src=x onerror=alert(1)>' in flat


def test_markup_typed_by_a_person_is_text_in_word():
    content = rendering.docx_bytes(_document(MARKUP), LETTERHEAD)
    paragraphs = word_paragraphs(content)
    assert ("List Bullet", MARKUP) in paragraphs
    assert ("Normal", MARKUP) in paragraphs
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


@pytest.mark.django_db
def test_the_logo_is_on_every_format(world):
    from PIL import Image

    from maca.publications.services import settings_update

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (29, 112, 184)).save(buffer, format="PNG")
    png = buffer.getvalue()
    settings_update(actor=world["admin"].user, partnership=world.partnership, approver_role="qa_officer", logo_png=png)
    logo = bytes(PublicationSettings.objects.get(partnership=world.partnership).logo_png)
    letterhead = rendering.Letterhead(world.partnership.name, logo)
    html = rendering.html_fragment(_document(), letterhead)
    assert 'alt="Logo of Testshire Safeguarding Children Partnership"' in html and "data:image/png;base64," in html
    structure = pdf_info(rendering.pdf_bytes(_document(), letterhead), "-struct")
    assert "Figure" in structure
    word = WordDocument(io.BytesIO(rendering.docx_bytes(_document(), letterhead)))
    assert len(word.inline_shapes) == 1


def _theme_chart_after(paragraphs: int) -> Document:
    return Document(
        title="6 Step Briefing: Neglect in babies",
        subtitle="",
        sections=[
            Section(
                "recommendations",
                "5. Recommendations",
                "\n\n".join(f"Paragraph {n} of the recommendations." for n in range(paragraphs)),
                figure=Figure(
                    "Strengths and findings by theme",
                    "Think family had the most findings (3), in 2 cases.",
                    "Theme",
                    ["Think family", "Voice of the child"],
                    [("Strengths", [2, 1]), ("Findings", [3, 1])],
                ),
            )
        ],
    )


def test_the_pdf_chart_has_its_key_and_its_heading_never_sits_alone_at_the_foot_of_a_page():
    # Its key, with a swatch that carries its own pattern: the printed file draws each picture by itself.
    standalone = rendering.html_standalone(_theme_chart_after(1), LETTERHEAD)
    key = standalone[standalone.index('<ul class="key"') : standalone.index("</ul>", standalone.index('class="key"'))]
    assert "Strengths</li>" in key and "Findings</li>" in key
    for pattern in re.findall(r'fill="url\(#([^)]+)\)"', key):
        assert f'<pattern id="{pattern}"' in key
    # With 17 to 22 paragraphs before it, the chart once fell to the next page and left its heading behind.
    for paragraphs in (1, 17, 20, 22):
        pages = pdf_text(rendering.pdf_bytes(_theme_chart_after(paragraphs), LETTERHEAD), layout=True).split("\f")
        page = next(p for p in pages if "Strengths and findings by theme" in p)
        after_heading = " ".join(page.split("Strengths and findings by theme", 1)[1].split())
        assert after_heading.startswith("Think family had the most findings (3), in 2 cases. Strengths Findings")
        assert "Voice of the child" in after_heading, paragraphs
