"""Lines over time: one line per series through points placed at their dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from maca.core.charts.base import Chart, KeyItem, Series, format_number
from maca.core.charts.palette import COLOURS, Fills, series_styles, shape
from maca.core.charts.scales import Linear, TimeScale, day_text, nice_ticks, time_ticks
from maca.core.charts.svg import GRID_COLOUR, SECONDARY_TEXT_COLOUR, data_attributes, element, number, tooltip

LEFT = 48
RIGHT = 16
TOP = 12
PLOT_HEIGHT = 220
AXIS_HEIGHT = 40
MARK_RADIUS = 5


@dataclass
class LineChart(Chart):
    """Each series is a line through its values at the dates ``days`` (a value
    of ``None`` leaves a break). ``point_names`` name the points in the table
    (an audit's title, say); by default their dates.

    The table has a row per series and a column per point (``rows="series"``),
    or a row per point and a column per series (``rows="points"``), headed
    ``corner_heading``.
    """

    days: list[dt.date] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    point_names: list[str] | None = None
    maximum: float | None = None
    tick_text: Callable[[float], str] = format_number
    rows: str = "series"
    corner_heading: str = ""

    def __post_init__(self):
        if self.rows not in ("series", "points"):
            raise ValueError("rows must be 'series' or 'points'")
        for series in self.series:
            if len(series.values) != len(self.days):
                raise ValueError(f"Series {series.name!r} has {len(series.values)} values for {len(self.days)} days")
        for series, default in zip(self.series, series_styles(len(self.series)), strict=True):
            if series.style is None:
                series.style = default
        if self.point_names is None:
            self.point_names = [day_text(day) for day in self.days]

    def _cell(self, series: Series, index: int) -> dict[str, str]:
        if self.rows == "series":
            return {"row": series.name, "column": self.point_names[index]}
        return {"row": self.point_names[index], "column": series.name}

    def body(self, fills: Fills) -> tuple[list[str], float]:
        largest = max((v for s in self.series for v in s.values if v is not None), default=0)
        ticks = nice_ticks(self.maximum if self.maximum is not None else largest)
        bottom = TOP + PLOT_HEIGHT
        y_scale = Linear(ticks[-1], bottom, TOP)
        parts = []
        for tick in ticks:
            y = y_scale(tick)
            parts.append(element("path", {"d": f"M{LEFT},{number(y)} H{self.width - RIGHT}", "stroke": GRID_COLOUR}))
            parts.append(
                element(
                    "text",
                    {"x": LEFT - 6, "y": y + 4, "font-size": 12, "text-anchor": "end", "fill": SECONDARY_TEXT_COLOUR},
                    text=self.tick_text(tick),
                )
            )
        if not self.days:
            return [element("g", {"aria-hidden": "true"}, parts)], bottom + AXIS_HEIGHT
        x_scale = TimeScale.around(self.days, LEFT + 12, self.width - RIGHT - 12)
        for day, label in time_ticks(x_scale.first, x_scale.last):
            x = x_scale(day)
            parts.append(element("path", {"d": f"M{number(x)},{bottom} v5", "stroke": COLOURS["dark-grey"]}))
            parts.append(
                element(
                    "text",
                    {"x": x, "y": bottom + 19, "font-size": 12, "text-anchor": "middle", "fill": SECONDARY_TEXT_COLOUR},
                    text=label,
                )
            )
        parts.append(element("path", {"d": f"M{LEFT},{bottom} H{self.width - RIGHT}", "stroke": COLOURS["dark-grey"]}))
        drawn = [element("g", {"class": "maca-chart__axis", "aria-hidden": "true"}, parts)]
        for series in self.series:
            drawn.append(self._line(series, x_scale, y_scale))
        return drawn, bottom + AXIS_HEIGHT

    def _line(self, series: Series, x_scale: TimeScale, y_scale: Linear) -> str:
        points = [
            (index, x_scale(day), y_scale(value))
            for index, (day, value) in enumerate(zip(self.days, series.values, strict=True))
            if value is not None
        ]
        path, previous = [], None
        for index, x, y in points:
            joined = previous is not None and previous == index - 1
            path.append(f"{'L' if joined else 'M'}{number(x)},{number(y)}")
            previous = index
        style = series.style
        parts = []
        if path:
            parts.append(
                element(
                    "path",
                    {
                        "d": " ".join(path),
                        "fill": "none",
                        "stroke": style.colour,
                        "stroke-width": 2.5,
                        "stroke-dasharray": style.dash or None,
                        "stroke-linejoin": "round",
                    },
                )
            )
        for index, x, y in points:
            text = series.text(index)
            parts.append(
                shape(
                    style,
                    x,
                    y,
                    MARK_RADIUS,
                    {"class": "maca-chart__mark", **data_attributes({**self._cell(series, index), "value": text})},
                    tooltip(f"{series.name}, {self.point_names[index]}: {text}"),
                )
            )
        return element("g", {"class": "maca-chart__series"}, parts)

    def key(self) -> list[KeyItem]:
        return [KeyItem(series.name, series.style, "line") for series in self.series]

    def table(self) -> dict:
        if self.rows == "series":
            head = [{"text": self.corner_heading or "–"}] + [{"text": name} for name in self.point_names]
            rows = [
                [{"text": series.name}] + [{"text": series.text(i)} for i in range(len(self.days))]
                for series in self.series
            ]
        else:
            head = [{"text": self.corner_heading or "–"}] + [{"text": series.name} for series in self.series]
            rows = [
                [{"text": name}] + [{"text": series.text(i)} for series in self.series]
                for i, name in enumerate(self.point_names)
            ]
        return {
            "caption": self.table_caption or self.title,
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": head,
            "rows": rows,
            "classes": "maca-table--compact",
        }
