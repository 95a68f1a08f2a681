"""Every table comes in its own focusable, named scroll region (WCAG 1.4.10,
ADR 0014): at 320px a wide table scrolls by itself, never the page."""

import re
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[3]  # the repository: maca/core/tests/ is three below


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_table_is_wrapped_in_a_region_named_by_its_caption():
    html = _render('{% govuk "table" params=t %}', t={"caption": "Returns by agency", "head": [{"text": "Agency"}]})
    assert html.startswith('<div class="maca-scroll" tabindex="0" role="region" aria-label="Returns by agency">')
    assert re.search(r"</table>\s*</div>$", html.strip())
    assert html.count('role="region"') == 1


def test_a_region_can_be_named_and_classed_and_a_table_without_caption_is_named_by_its_headings():
    named = _render(
        '{% govuk "table" params=t region__label="Who has responded" region__classes="maca-scroll--grid" %}',
        t={"head": [{"text": "Agency"}]},
    )
    assert (
        '<div class="maca-scroll maca-scroll--grid" tabindex="0" role="region" aria-label="Who has responded">' in named
    )
    assert "region" not in re.sub(r"<div[^>]*>", "", named, count=1)  # the option is not passed to the table
    unnamed = _render('{% govuk "table" params=t %}', t={"head": [{"text": "Case"}, {"text": "Agency"}]})
    assert 'aria-label="Table of Case, Agency"' in unnamed


def test_no_template_wraps_a_table_in_a_second_region():
    """The tag gives every table its region; a wrapper of a template's own would make two tab stops."""
    doubled = []
    templates = list((ROOT / "maca").rglob("templates/**/*.html"))
    assert len(templates) > 100  # the search looks where the templates are
    for path in templates:
        text = path.read_text()
        if re.search(r'class="maca-scroll[^"]*"[^>]*>\s*\{%\s*govuk "table"', text):
            doubled.append(str(path.relative_to(ROOT)))
    assert not doubled, f"These wrap a table the tag already wraps: {doubled}"


def test_a_table_written_out_in_a_template_is_in_a_region_too():
    """Tables a template writes itself (not through the tag) need the same
    region; documents for print (publications' and board papers' bodies) do not scroll."""
    bare = []
    for path in (ROOT / "maca").rglob("templates/**/*.html"):
        if "/render/" in str(path) or path.name == "board_paper.html":
            continue
        text = path.read_text()
        for found in re.finditer(r'<table class="govuk-table', text):
            before = text[: found.start()].rstrip()
            if not re.search(r'<div class="maca-scroll[^"]*" tabindex="0" role="region" aria-label="[^"]+">$', before):
                bare.append(str(path.relative_to(ROOT)))
    assert not bare, f"These write a table outside a scroll region: {bare}"
