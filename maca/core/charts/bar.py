"""Horizontal bar charts, grouped or stacked.

Bars run across so that long names (an audit's title, an agency's name) sit
on their own line above each bar, readable at any width, and so the picture
needs no room for slanted labels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from maca.core.charts.base import Chart, KeyItem, Series, format_number
from maca.core.charts.palette import COLOURS, Fills, series_styles
from maca.core.charts.scales import Linear, nice_ticks
from maca.core.charts.svg import (
    GRID_COLOUR,
    SECONDARY_TEXT_COLOUR,
    data_attributes,
    element,
    fit,
    text_width,
    tooltip,
)

PAD = 4
LABEL_HEIGHT = 20
LABEL_SIZE = 15
VALUE_SIZE = 13
GROUPED_BAR = 14
STACKED_BAR = 20
BAR_GAP = 3
CATEGORY_GAP = 12
AXIS_HEIGHT = 24
SEGMENT_GAP = 1.5


@dataclass
class BarChart(Chart):
    """``categories`` (one bar, or group of bars, each) against ``series``.

    - ``stacked``: the series are segments of one bar per category, and
      ``totals`` (texts) are written after each bar; otherwise each series is
      a bar of its own in the category's group, its text after it.
    - ``maximum``: the end of the scale (``100`` for percentages); by default
      the largest bar.
    - ``tick_text``: how the scale's numbers read (``lambda v: f"{v:.0f}%"``).
    - The table has a row per category (headed ``category_heading``), a
      column per series, and for a stacked chart a ``total_heading`` column.
    """

    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    stacked: bool = False
    totals: list[str] | None = None
    total_heading: str = "Total"
    category_heading: str = ""
    maximum: float | None = None
    tick_text: Callable[[float], str] = format_number

    def __post_init__(self):
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"Series {series.name!r} has {len(series.values)} values for {len(self.categories)}")
        styles = series_styles(len(self.series))
        for series, default in zip(self.series, styles, strict=True):
            if series.style is None:
                series.style = default

    def _largest(self) -> float:
        if self.stacked:
            sums = [sum(s.values[i] or 0 for s in self.series) for i in range(len(self.categories))]
            return max(sums, default=0)
        return max((v or 0 for s in self.series for v in s.values), default=0)

    def _end_texts(self, index: int) -> list[str]:
        if self.stacked:
            return [self.totals[index]] if self.totals else []
        return [s.text(index) for s in self.series]

    def body(self, fills: Fills) -> tuple[list[str], float]:
        ticks = nice_ticks(self.maximum if self.maximum is not None else self._largest())
        longest = max(
            (text_width(text, VALUE_SIZE) for i in range(len(self.categories)) for text in self._end_texts(i)),
            default=0,
        )
        label_room = min(longest + 10, self.width * 0.4)
        scale = Linear(ticks[-1], PAD, self.width - PAD - label_room)
        bar_height = STACKED_BAR if self.stacked else GROUPED_BAR
        bars = 1 if self.stacked else len(self.series)
        block = LABEL_HEIGHT + bars * (bar_height + BAR_GAP) + CATEGORY_GAP
        top = 4
        plot_bottom = top + block * len(self.categories)
        parts = [self._grid(ticks, scale, top, plot_bottom)]
        for index, category in enumerate(self.categories):
            y = top + index * block
            parts.append(
                element(
                    "text",
                    {"x": PAD, "y": y + LABEL_SIZE, "font-size": LABEL_SIZE, "font-weight": "bold"},
                    tooltip(category) if fit(category, self.width - 2 * PAD, LABEL_SIZE) != category else "",
                    text=fit(category, self.width - 2 * PAD, LABEL_SIZE),
                )
            )
            bar_top = y + LABEL_HEIGHT
            if self.stacked:
                parts.extend(self._stack(index, category, bar_top, scale, fills))
            else:
                parts.extend(self._group(index, category, bar_top, scale, fills))
        return parts, plot_bottom + AXIS_HEIGHT

    def _bar(self, series: Series, index: int, category: str, x: float, y: float, width: float, height: float, fills):
        text = series.text(index)
        return element(
            "rect",
            {
                "x": x,
                "y": y,
                "width": max(width, 0.5),
                "height": height,
                "fill": fills.fill(series.style),
                "stroke": series.style.colour,
                "stroke-width": 1,
                "class": "maca-chart__mark",
                **data_attributes({"row": category, "column": series.name, "value": text}),
            },
            tooltip(f"{category}: {series.name}: {text}"),
        )

    def _group(self, index: int, category: str, bar_top: float, scale: Linear, fills: Fills) -> list[str]:
        parts = []
        for position, series in enumerate(self.series):
            y = bar_top + position * (GROUPED_BAR + BAR_GAP)
            value = series.values[index]
            end = scale.start
            if value:
                end = scale(value)
                parts.append(self._bar(series, index, category, scale.start, y, end - scale.start, GROUPED_BAR, fills))
            parts.append(
                element(
                    "text",
                    {"x": end + 4, "y": y + GROUPED_BAR - 3, "font-size": VALUE_SIZE},
                    text=series.text(index),
                )
            )
        return parts

    def _stack(self, index: int, category: str, bar_top: float, scale: Linear, fills: Fills) -> list[str]:
        parts = []
        running = 0.0
        for series in self.series:
            value = series.values[index]
            if not value:
                continue
            left, right = scale(running), scale(running + value)
            running += value
            # A sliver of white between segments, so neighbouring colours never touch.
            parts.append(
                self._bar(series, index, category, left, bar_top, right - left - SEGMENT_GAP, STACKED_BAR, fills)
            )
        if self.totals:
            end = scale(running) if running else scale.start
            parts.append(
                element(
                    "text",
                    {"x": end + 4, "y": bar_top + STACKED_BAR - 5, "font-size": VALUE_SIZE, "font-weight": "bold"},
                    text=self.totals[index],
                )
            )
        return parts

    def _grid(self, ticks: list[float], scale: Linear, top: float, bottom: float) -> str:
        lines = []
        for tick in ticks:
            x = scale(tick)
            lines.append(element("path", {"d": f"M{x:.1f},{top} V{bottom}", "stroke": GRID_COLOUR, "fill": "none"}))
            lines.append(
                element(
                    "text",
                    {
                        "x": x,
                        "y": bottom + 16,
                        "font-size": 12,
                        "text-anchor": "middle" if tick else "start",
                        "fill": SECONDARY_TEXT_COLOUR,
                    },
                    text=self.tick_text(tick),
                )
            )
        baseline = element("path", {"d": f"M{scale.start},{top} V{bottom}", "stroke": COLOURS["dark-grey"]})
        return element("g", {"class": "maca-chart__axis", "aria-hidden": "true"}, [*lines, baseline])

    def key(self) -> list[KeyItem]:
        if len(self.series) < 2:
            return []
        return [KeyItem(series.name, series.style) for series in self.series]

    def table(self) -> dict:
        head = [{"text": self.category_heading or "–"}] + [
            {"text": series.name, "format": "numeric"} for series in self.series
        ]
        if self.stacked and self.totals:
            head.append({"text": self.total_heading, "format": "numeric"})
        rows = []
        for index, category in enumerate(self.categories):
            row = [{"text": category}] + [{"text": s.text(index), "format": "numeric"} for s in self.series]
            if self.stacked and self.totals:
                row.append({"text": self.totals[index], "format": "numeric"})
            rows.append(row)
        return {
            "caption": self.table_caption or self.title,
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": head,
            "rows": rows,
            "classes": "maca-table--compact",
        }
