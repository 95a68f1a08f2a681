"""Colours, fill patterns and mark shapes: how a chart tells its series apart.

Colours are GOV.UK Frontend's (the palette of its version 6, as
``node_modules/govuk-frontend/dist/govuk/settings/_colours-palette.scss``
defines it; a test checks each one is there). Every colour a series can take
has a contrast of at least 3:1 with the white page (WCAG 2.2, 1.4.11), which
is why orange and yellow are their darker shades.

Colour is never the only difference (WCAG 1.4.1): each series also has its
own fill pattern (bars, lanes), mark shape (points, events) and line dash,
the legend shows the same, and the table beside the chart says it in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import cycle, islice

from maca.core.charts.svg import element, number

# Name -> (GOV.UK palette colour and variant, hex).
PALETTE = {
    "blue": ("blue primary", "#1d70b8"),
    "light-blue": ("blue tint-25", "#5694ca"),
    "dark-blue": ("blue shade-50", "#0f385c"),
    "green": ("green primary", "#0f7a52"),
    "teal": ("teal primary", "#158187"),
    "purple": ("purple primary", "#54319f"),
    "magenta": ("magenta primary", "#ca357c"),
    "red": ("red primary", "#ca3535"),
    "orange": ("orange shade-25", "#b7592a"),
    "yellow": ("yellow shade-50", "#806f00"),
    "brown": ("brown primary", "#99704a"),
    "dark-grey": ("black tint-25", "#484949"),
    "grey": ("black tint-50", "#858686"),
    # Light shades, for shaded periods behind the marks (never a series).
    "light-grey": ("black tint-95", "#f3f3f3"),
    "mid-grey": ("black tint-80", "#cecece"),
    "pale-blue": ("blue tint-80", "#d2e2f1"),
    "pale-orange": ("orange tint-80", "#fde4d7"),
    "light-orange": ("orange tint-50", "#fabb9c"),
    "lighter-blue": ("blue tint-50", "#8eb8dc"),
    "white": ("white", "#ffffff"),
}
COLOURS = {name: hex_value for name, (_variant, hex_value) in PALETTE.items()}
# Colours a series may take: each at least 3:1 against white.
SERIES_COLOURS = ("blue", "orange", "green", "purple", "magenta", "teal", "brown", "dark-grey", "red", "yellow")
LIGHT_COLOURS = ("light-grey", "mid-grey", "pale-blue", "pale-orange", "light-orange", "lighter-blue", "white")

PATTERNS = ("solid", "diagonal", "dots", "horizontal", "backward", "crosshatch", "vertical")
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 5")


@dataclass(frozen=True)
class Style:
    """How one series, stage or kind of event is drawn. ``ink`` is the colour of
    the pattern's lines or dots over ``colour``."""

    colour: str
    pattern: str = "solid"
    shape: str = "circle"
    dash: str = ""
    ink: str = COLOURS["white"]

    def __post_init__(self):
        if self.pattern not in PATTERNS:
            raise ValueError(f"Unknown pattern {self.pattern!r}: use one of {PATTERNS}")
        if self.shape not in SHAPES:
            raise ValueError(f"Unknown shape {self.shape!r}: use one of {SHAPES}")


def style(colour: str, **options) -> Style:
    """A style from a palette name: ``style("red", pattern="diagonal")``."""
    return Style(colour=COLOURS[colour], **options)


def series_styles(count: int) -> list[Style]:
    """``count`` styles, each differing from its neighbours in colour, pattern,
    shape and dash."""
    combined = zip(cycle(SERIES_COLOURS), cycle(PATTERNS), cycle(SHAPES), cycle(DASHES), strict=False)
    return [
        Style(colour=COLOURS[colour], pattern=pattern, shape=shape, dash=dash)
        for colour, pattern, shape, dash in islice(combined, count)
    ]


# Contrast ---------------------------------------------------------------------------------------


def _luminance(hex_value: str) -> float:
    red, green, blue = (int(hex_value.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str = "#ffffff") -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Drawing ----------------------------------------------------------------------------------------

PATTERN_SIZE = 8
_PATTERN_MARKS = {
    "diagonal": ("path", {"d": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "stroke-width": 2}),
    "backward": ("path", {"d": "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", "stroke-width": 2}),
    "horizontal": ("path", {"d": "M0,4 h8", "stroke-width": 2}),
    "vertical": ("path", {"d": "M4,0 v8", "stroke-width": 2}),
    "crosshatch": ("path", {"d": "M0,4 h8 M4,0 v8", "stroke-width": 1.5}),
    "dots": ("circle", {"cx": 4, "cy": 4, "r": 1.6}),
}


class Fills:
    """The ``<pattern>`` definitions one chart needs, with ids unique to it."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._ids: dict[Style, str] = {}

    def fill(self, item: Style) -> str:
        """The value of a ``fill`` attribute that draws ``item``."""
        if item.pattern == "solid":
            return item.colour
        if item not in self._ids:
            self._ids[item] = f"{self.prefix}-pattern-{len(self._ids) + 1}"
        return f"url(#{self._ids[item]})"

    def definitions(self) -> str:
        patterns = []
        for item, pattern_id in self._ids.items():
            tag, attributes = _PATTERN_MARKS[item.pattern]
            ink = {"fill": item.ink} if tag == "circle" else {"stroke": item.ink, "fill": "none"}
            patterns.append(
                element(
                    "pattern",
                    {
                        "id": pattern_id,
                        "patternUnits": "userSpaceOnUse",
                        "width": PATTERN_SIZE,
                        "height": PATTERN_SIZE,
                    },
                    [
                        element("rect", {"width": PATTERN_SIZE, "height": PATTERN_SIZE, "fill": item.colour}),
                        element(tag, {**attributes, **ink}),
                    ],
                )
            )
        return element("defs", {}, patterns) if patterns else ""


def shape(item: Style, x: float, y: float, radius: float, attributes: dict | None = None, content: str = "") -> str:
    """A mark of ``item``'s shape centred on ``(x, y)``, with a white edge so
    that marks which touch stay apart."""
    r = radius
    common = {"fill": item.colour, "stroke": COLOURS["white"], "stroke-width": 1, **(attributes or {})}
    if item.shape == "circle":
        return element("circle", {"cx": x, "cy": y, "r": r, **common}, content)
    if item.shape == "square":
        side = r * 1.75
        return element("rect", {"x": x - side / 2, "y": y - side / 2, "width": side, "height": side, **common}, content)
    points = {
        "triangle": [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)],
        "triangle-down": [(x, y + r * 1.15), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)],
        "diamond": [(x, y - r * 1.25), (x + r * 1.05, y), (x, y + r * 1.25), (x - r * 1.05, y)],
    }.get(item.shape)
    if points:
        path = "M" + " L".join(f"{number(px)},{number(py)}" for px, py in points) + " Z"
        return element("path", {"d": path, **common}, content)
    # A cross: two strokes of the colour over a white one, so it reads on any fill.
    left, right, top, bottom = (number(value) for value in (x - r, x + r, y - r, y + r))
    d = f"M{left},{top} L{right},{bottom} M{left},{bottom} L{right},{top}"
    return element(
        "g",
        attributes or {},
        [
            element("path", {"d": d, "stroke": COLOURS["white"], "stroke-width": 4.5, "fill": "none"}),
            element("path", {"d": d, "stroke": item.colour, "stroke-width": 2.5, "fill": "none"}),
            content,
        ],
    )
