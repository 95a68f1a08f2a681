"""Writing SVG as text: elements, numbers, and the measures a layout needs.

Everything a chart draws goes through :func:`element`, which escapes every
attribute and every text, so a label typed by a person (an agency's name, an
audit's title) can never break out of the picture. Styling is by SVG
presentation attributes (``fill``, ``stroke``...), never a ``style``
attribute or element: the Content-Security-Policy (``style-src 'self'``)
blocks those, and presentation attributes also carry into a PDF or a saved
``.svg`` file, where the site's stylesheet does not.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT_FAMILY = "arial, helvetica, sans-serif"
TEXT_COLOUR = "#0b0c0c"  # GOV.UK text colour
SECONDARY_TEXT_COLOUR = "#484949"  # GOV.UK secondary text colour (black tint 25)
GRID_COLOUR = "#cecece"  # GOV.UK mid-grey (black tint 80)
AVERAGE_CHARACTER_WIDTH = 0.56  # of the font size, for Arial: generous, so labels fit


def number(value: float) -> str:
    """``12``, ``12.5``: no trailing ``.0``, one decimal at most."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attribute(value) -> str:
    if isinstance(value, float):
        value = number(value)
    return escape(str(value), {'"': "&quot;"})


def element(name: str, attributes: dict | None = None, content: str | list[str] = "", *, text: str = "") -> str:
    """``<name attr="...">text content</name>``. ``content`` is markup made by
    this module (trusted); ``text`` is escaped. Attributes whose value is ``None``
    are left out."""
    attrs = "".join(f' {key}="{_attribute(value)}"' for key, value in (attributes or {}).items() if value is not None)
    inner = escape(text) + ("".join(content) if isinstance(content, list) else content)
    if not inner:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{inner}</{name}>"


def tooltip(text: str) -> str:
    """A ``<title>`` child: shown when a pointer rests on the shape."""
    return element("title", text=text)


def text_width(text: str, size: float) -> float:
    """An estimate of how wide ``text`` is drawn at ``size``."""
    return len(text) * size * AVERAGE_CHARACTER_WIDTH


def fit(text: str, width: float, size: float) -> str:
    """``text``, cut with an ellipsis to fit ``width`` (the full text is in the
    chart's table and in the shape's tooltip)."""
    if text_width(text, size) <= width:
        return text
    keep = max(int(width / (size * AVERAGE_CHARACTER_WIDTH)) - 1, 1)
    return text[:keep].rstrip() + "…"


def data_attributes(data: dict[str, str] | None) -> dict[str, str]:
    """``{"row": "Police"}`` -> ``{"data-row": "Police"}``: what a test (or a
    script) reads to tie a shape to the cell of the table that says the same."""
    return {f"data-{key}": value for key, value in (data or {}).items()}


# A white outline under a label's letters, so that it stays readable over a
# shaded band or a grid line.
HALO = {"stroke": "#ffffff", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke"}
