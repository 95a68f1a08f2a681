"""Timelines: one lane per row (an audit, an agency), with periods drawn as
bars, events as marks, and stretches of time shaded across every lane (a gap
in the record, a cluster of events).

Marks that would overlap in a lane are moved to a line of their own below
(up to four), so that events on the same day stay countable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from maca.core.charts.base import Chart, KeyItem
from maca.core.charts.palette import COLOURS, Fills, shape
from maca.core.charts.scales import TimeScale, day_text, time_ticks
from maca.core.charts.svg import (
    GRID_COLOUR,
    HALO,
    SECONDARY_TEXT_COLOUR,
    data_attributes,
    element,
    fit,
    number,
    text_width,
    tooltip,
)

PAD = 8
HEADER = 20
LABEL_HEIGHT = 20
LABEL_SIZE = 14
ROW = 16
LANE_GAP = 8
AXIS_HEIGHT = 30
MARK_RADIUS = 5
MOST_ROWS = 4


@dataclass
class Span:
    """A period in a lane (an audit from selection to meeting), drawn as a bar."""

    start: dt.date
    end: dt.date
    style: str
    text: str = ""
    data: dict[str, str] | None = None


@dataclass
class Mark:
    """An event on ``day`` (and, with ``until``, lasting to that day)."""

    day: dt.date
    style: str
    text: str = ""
    data: dict[str, str] | None = None
    until: dt.date | None = None


@dataclass
class Band:
    """A stretch of time shaded across every lane. ``label`` is written above
    it when there is room; ``text`` is its tooltip."""

    start: dt.date
    end: dt.date
    style: str
    label: str
    text: str = ""


@dataclass
class Lane:
    label: str
    items: list[Span | Mark] = field(default_factory=list)


@dataclass
class Timeline(Chart):
    """``styles`` maps each item's and band's ``style`` to its key entry
    (label, :class:`~maca.core.charts.palette.Style`, kind ``box``, ``mark``
    or ``band``); the key lists them in that order.

    The range runs from ``first`` to ``last`` (by default, the items' and
    bands' dates, with a little room). ``today`` draws a dashed line.
    A timeline's table depends on what it shows: pass ``table_params`` (GOV.UK
    table parameters), or a ``table_note`` saying where on the page it is.
    """

    lanes: list[Lane] = field(default_factory=list)
    styles: dict[str, KeyItem] = field(default_factory=dict)
    bands: list[Band] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None
    today: dt.date | None = None
    span_height: float = 12
    table_params: dict | None = None

    width = 640

    def _days(self) -> list[dt.date]:
        days = []
        for lane in self.lanes:
            for item in lane.items:
                if isinstance(item, Span):
                    days += [item.start, item.end]
                else:
                    days += [item.day] + ([item.until] if item.until else [])
        for band in self.bands:
            days += [band.start, band.end]
        if self.today:
            days.append(self.today)
        return days

    def _scale(self) -> TimeScale:
        start, end = PAD + 4, self.width - PAD - 4
        days = self._days() or [self.today or dt.date.today()]
        if self.first and self.last:
            return TimeScale(self.first, self.last, start, end)
        scale = TimeScale.around(days, start, end)
        return TimeScale(self.first or scale.first, self.last or scale.last, start, end)

    def body(self, fills: Fills) -> tuple[list[str], float]:
        scale = self._scale()
        header = HEADER if (self.bands or self.today) else 0
        lanes_top = 4 + header
        placed, y = [], lanes_top
        for lane in self.lanes:
            rows = _place_marks(lane, scale)
            height = LABEL_HEIGHT + max(rows.count, 1) * ROW + 4
            placed.append((lane, rows, y))
            y += height + LANE_GAP
        lanes_bottom = y - LANE_GAP / 2
        parts = [self._bands(scale, fills, lanes_top, lanes_bottom), self._axis(scale, lanes_top, lanes_bottom)]
        for lane, rows, top in placed:
            parts.append(self._lane(lane, rows, top, scale, fills))
        if self.today and scale.first <= self.today <= scale.last:
            x = scale(self.today)
            parts.append(
                element(
                    "g",
                    {"class": "maca-chart__today"},
                    [
                        element(
                            "path",
                            {
                                "d": f"M{number(x)},{lanes_top - 4} V{number(lanes_bottom)}",
                                "stroke": COLOURS["dark-grey"],
                                "stroke-width": 1.5,
                                "stroke-dasharray": "4 3",
                            },
                        ),
                        element(
                            "text",
                            {"x": x, "y": lanes_top - 8, "font-size": 12, "text-anchor": _anchor(x, self.width)},
                            text=f"Today, {day_text(self.today)}",
                        ),
                    ],
                )
            )
        return parts, lanes_bottom + AXIS_HEIGHT

    def _bands(self, scale: TimeScale, fills: Fills, top: float, bottom: float) -> str:
        parts = []
        for band in self.bands:
            entry = self.styles[band.style]
            left, right = scale(band.start), scale(band.end)
            width = max(right - left, 2)
            parts.append(
                element(
                    "rect",
                    {
                        "x": left,
                        "y": top,
                        "width": width,
                        "height": bottom - top,
                        "fill": fills.fill(entry.style),
                        "class": "maca-chart__band",
                        **data_attributes({"band": entry.label}),
                    },
                    tooltip(band.text or band.label),
                )
            )
            if text_width(band.label, 11) <= width + 6:
                parts.append(
                    element(
                        "text",
                        {"x": left + width / 2, "y": top - 6, "font-size": 11, "text-anchor": "middle", **HALO},
                        text=band.label,
                    )
                )
        return element("g", {"class": "maca-chart__bands"}, parts)

    def _axis(self, scale: TimeScale, top: float, bottom: float) -> str:
        parts = []
        for day, label in time_ticks(scale.first, scale.last):
            x = scale(day)
            parts.append(element("path", {"d": f"M{number(x)},{top} V{number(bottom)}", "stroke": GRID_COLOUR}))
            parts.append(
                element(
                    "text",
                    {
                        "x": x,
                        "y": bottom + 18,
                        "font-size": 12,
                        "text-anchor": _anchor(x, self.width),
                        "fill": SECONDARY_TEXT_COLOUR,
                    },
                    text=label,
                )
            )
        baseline = f"M{PAD},{number(bottom)} H{self.width - PAD}"
        parts.append(element("path", {"d": baseline, "stroke": COLOURS["dark-grey"]}))
        return element("g", {"class": "maca-chart__axis", "aria-hidden": "true"}, parts)

    def _lane(self, lane: Lane, rows: _Rows, top: float, scale: TimeScale, fills: Fills) -> str:
        label = fit(lane.label, self.width - 2 * PAD, LABEL_SIZE)
        parts = [
            element(
                "text",
                {"x": PAD, "y": top + LABEL_SIZE, "font-size": LABEL_SIZE, "font-weight": "bold", **HALO},
                tooltip(lane.label) if label != lane.label else "",
                text=label,
            )
        ]
        track = top + LABEL_HEIGHT
        parts.append(
            element("path", {"d": f"M{PAD},{number(track + ROW / 2)} H{self.width - PAD}", "stroke": GRID_COLOUR})
        )
        for item in lane.items:
            if isinstance(item, Span):
                parts.append(self._span(item, lane, track, scale, fills))
        for item, row in rows.marks:
            parts.append(self._mark(item, lane, track + row * ROW + ROW / 2, scale))
        return element("g", {"class": "maca-chart__lane"}, parts)

    def _span(self, item: Span, lane: Lane, track: float, scale: TimeScale, fills: Fills) -> str:
        entry = self.styles[item.style]
        left, right = scale(item.start), scale(item.end)
        return element(
            "rect",
            {
                "x": left,
                "y": track + ROW / 2 - self.span_height / 2,
                "width": max(right - left, 3),
                "height": self.span_height,
                "fill": fills.fill(entry.style),
                "stroke": entry.style.colour,
                "stroke-width": 1,
                "class": "maca-chart__mark",
                **data_attributes(item.data),
            },
            tooltip(f"{lane.label}: {item.text or entry.label}"),
        )

    def _mark(self, item: Mark, lane: Lane, y: float, scale: TimeScale) -> str:
        entry = self.styles[item.style]
        x = scale(item.day)
        parts = []
        if item.until and item.until > item.day:
            parts.append(
                element(
                    "path",
                    {
                        "d": f"M{number(x)},{number(y)} H{number(scale(item.until))}",
                        "stroke": entry.style.colour,
                        "stroke-width": 4,
                        "stroke-linecap": "round",
                    },
                )
            )
        parts.append(
            shape(
                entry.style,
                x,
                y,
                MARK_RADIUS,
                {"class": "maca-chart__mark", **data_attributes(item.data)},
                tooltip(f"{lane.label}: {item.text or entry.label}"),
            )
        )
        return "".join(parts)

    def key(self) -> list[KeyItem]:
        return list(self.styles.values())

    def table(self) -> dict | None:
        return self.table_params


def _anchor(x: float, width: float) -> str:
    if x < 40:
        return "start"
    if x > width - 40:
        return "end"
    return "middle"


@dataclass
class _Rows:
    marks: list[tuple[Mark, int]]
    count: int


def _place_marks(lane: Lane, scale: TimeScale) -> _Rows:
    """Each mark on the first line of the lane where it does not touch the mark
    before it (a period's bar counts as part of its mark)."""
    ends: list[float] = []
    placed = []
    marks = sorted((item for item in lane.items if isinstance(item, Mark)), key=lambda mark: mark.day)
    for mark in marks:
        x = scale(mark.day)
        left = x - MARK_RADIUS - 1
        right = max(x + MARK_RADIUS + 1, scale(mark.until) if mark.until else 0)
        row = next((i for i, end in enumerate(ends) if end <= left), None)
        if row is None:
            if len(ends) < MOST_ROWS:
                ends.append(right)
                row = len(ends) - 1
            else:
                row = min(range(len(ends)), key=lambda i: ends[i])
        ends[row] = max(ends[row], right)
        placed.append((mark, row))
    return _Rows(placed, len(ends))
