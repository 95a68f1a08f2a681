"""What every chart has: a title, a sentence saying what it shows, a key, the
SVG picture and the table that holds the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from maca.core.charts.palette import Fills, Style, shape
from maca.core.charts.svg import FONT_FAMILY, SVG_NAMESPACE, TEXT_COLOUR, element


def format_number(value: float | None) -> str:
    """``1,234``, ``12.5``; a dash for no value."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


@dataclass
class Series:
    """One set of values: a bar's segment or group member, or a line.

    ``texts``: how each value reads in the table and on the picture ("3 of 35
    (9%)"); by default the number itself. ``style``: by default the next of
    :func:`maca.core.charts.palette.series_styles`."""

    name: str
    values: list[float | None]
    texts: list[str] | None = None
    style: Style | None = None

    def text(self, index: int) -> str:
        if self.texts is not None:
            return self.texts[index]
        return format_number(self.values[index])


@dataclass(frozen=True)
class KeyItem:
    """One line of the key: a label and how it is drawn (``box``: a patterned
    area, ``mark``: a shape, ``line``: a line with its mark, ``band``: a shaded
    period)."""

    label: str
    style: Style
    kind: str = "box"


@dataclass
class Chart:
    """Subclasses draw the picture (:meth:`body`) and give the table
    (:meth:`table`).

    ``name`` makes the ids of the chart's elements unique on the page (from the
    title when empty). ``table_note`` replaces the chart's own table when the
    page already shows one that holds the same facts (say where it is)."""

    title: str
    summary: str
    name: str = field(default="", kw_only=True)
    table_note: str = field(default="", kw_only=True)
    table_caption: str = field(default="", kw_only=True)

    width = 600

    @property
    def chart_id(self) -> str:
        return "chart-" + (slugify(self.name or self.title)[:60] or "figure")

    # For subclasses -------------------------------------------------------------------------

    def body(self, fills: Fills) -> tuple[list[str], float]:
        """The drawing's elements and its height."""
        raise NotImplementedError

    def table(self) -> dict | None:
        """Parameters of the GOV.UK table that holds the same figures."""
        return None

    def key(self) -> list[KeyItem]:
        return []

    # Shared ---------------------------------------------------------------------------------

    def _draw(self) -> tuple[Fills, list[str], float]:
        """The drawing, with the patterns of the key defined too: the key's
        swatches (outside the picture) use them by id."""
        fills = Fills(self.chart_id)
        parts, height = self.body(fills)
        for item in self.key():
            if item.kind in ("box", "band"):
                fills.fill(item.style)
        return fills, parts, height

    def svg(self) -> SafeString:
        """The picture, sized by its ``viewBox`` so that it fits any width."""
        fills, parts, height = self._draw()
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        return mark_safe(
            element(
                "svg",
                {
                    "xmlns": SVG_NAMESPACE,
                    "viewBox": f"0 0 {self.width} {round(height)}",
                    "width": "100%",
                    "class": f"maca-chart__svg maca-chart__svg--{type(self).__name__.lower()}",
                    "role": "img",
                    "aria-labelledby": f"{title_id} {desc_id}",
                    "focusable": "false",
                    "font-family": FONT_FAMILY,
                    "font-size": 14,
                    "fill": TEXT_COLOUR,
                },
                [
                    element("title", {"id": title_id}, text=self.title),
                    element("desc", {"id": desc_id}, text=self.summary),
                    fills.definitions(),
                    *parts,
                ],
            )
        )

    def key_swatches(self, *, standalone: bool = False) -> list[dict]:
        """``[{"label": ..., "swatch": <svg>}]`` for the key above the chart.
        A swatch's patterns are the chart's own (same ids), so it must be shown
        on the same page as :meth:`svg`. ``standalone``: each swatch carries
        its own patterns and size, for a renderer that draws every picture by
        itself (WeasyPrint, in the printed files)."""
        fills, _parts, _height = self._draw()
        items = []
        for index, item in enumerate(self.key(), start=1):
            if standalone:
                fills = Fills(f"{self.chart_id}-key-{index}")
            if item.kind == "mark":
                drawing = shape(item.style, 12, 8, 5.5)
            elif item.kind == "line":
                drawing = element(
                    "path",
                    {
                        "d": "M1,8 H23",
                        "stroke": item.style.colour,
                        "stroke-width": 2.5,
                        "stroke-dasharray": item.style.dash or None,
                        "fill": "none",
                    },
                ) + shape(item.style, 12, 8, 5)
            else:
                drawing = element(
                    "rect",
                    {
                        "x": 1,
                        "y": 1,
                        "width": 22,
                        "height": 14,
                        "fill": fills.fill(item.style),
                        "stroke": item.style.colour if item.kind == "box" else "#858686",
                        "stroke-width": 1,
                    },
                )
            attributes = {
                "xmlns": SVG_NAMESPACE,
                "viewBox": "0 0 24 16",
                "class": "maca-chart__swatch",
                "aria-hidden": "true",
                "focusable": "false",
            }
            if standalone:
                attributes |= {"width": 24, "height": 16, "class": "swatch"}
                drawing = [fills.definitions(), drawing]
            swatch = element("svg", attributes, drawing)
            items.append({"label": item.label, "swatch": mark_safe(swatch)})
        return items
