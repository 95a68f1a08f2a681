"""Tables of plain cells are written without the GOV.UK macro (for speed: the
response grid has 720 cells); they must be the macro's markup exactly."""

import re

import pytest
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maca.core import components


def _macro(params) -> str:
    return components._template("table").render(params=params)


def _same_markup(html: str) -> str:
    """The macro indents its markup; whitespace between tags means nothing."""
    return re.sub(r">\s+<", "><", html.strip())


TABLES = {
    "the response grid's shape": {
        "caption": "Returns by agency and case",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": "Agency"}, {"text": "Case 1"}, {"text": "Case 2"}],
        "rows": [
            [
                {"text": "Police & partners"},
                {"html": format_html('<a class="govuk-link" href="{}">{}</a>', "/returns/1/", "Submitted")},
                {"text": "–"},
            ],
            [{"text": "Health"}, {"html": mark_safe("<strong>In</strong>")}, {"text": "–"}],
        ],
        "classes": "maca-table--compact",
    },
    "numbers, formats and classes": {
        "head": [{"text": "Theme"}, {"text": "Concerns", "format": "numeric", "classes": "app-wide"}],
        "rows": [[{"text": "Neglect"}, {"text": 12, "format": "numeric"}], [], [{"text": "x"}, {"text": 0}]],
    },
    "what people typed is text": {
        "caption": "<script>alert(1)</script> & “quotes” it’s",
        "head": [{"html": '<span class="govuk-visually-hidden">Actions</span>'}],
        "rows": [
            [{"text": "<b>not bold</b> \"double\" 'single'", "classes": "x<y"}],
            [{"html": "", "text": "fallback"}],
        ],
    },
    "no head, no caption, no rows": {"rows": []},
    "a header cell with a format": {
        "firstCellIsHeader": True,
        "rows": [[{"text": "Row", "format": "numeric", "classes": "a"}, {"text": "1"}]],
    },
}


@pytest.mark.parametrize("name", TABLES)
def test_a_plain_table_is_the_macros_markup(name):
    params = TABLES[name]
    assert components._plain_table(params)
    assert _same_markup(components.render_component("table", params)) == _same_markup(_macro(params))


def test_typed_text_is_escaped_and_html_is_kept():
    html = components.render_component("table", TABLES["what people typed is text"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert '<span class="govuk-visually-hidden">Actions</span>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"attributes": {"data-module": "x"}, "rows": [[{"text": "a"}]]},
        {"rows": [[{"text": "a", "colspan": 2}]]},
        {"head": [{"text": "a", "attributes": {"id": "h"}}], "rows": []},
    ],
)
def test_anything_else_goes_to_the_macro(params):
    assert not components._plain_table(params)
    html = components.render_component("table", params)
    assert html == _macro(params)
    assert 'data-module="x"' in html or 'colspan="2"' in html or 'id="h"' in html


def test_a_cell_that_is_not_a_dictionary_goes_to_the_macro():
    assert not components._plain_table({"rows": [["not a dict"]]})
