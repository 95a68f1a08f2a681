"""Charts: well-formed SVG a screen reader can name, the same figures in the
picture and in the table, and nothing the Content-Security-Policy blocks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.template import Context, Template

from maca.core.charts import (
    COLOURS,
    Band,
    BarChart,
    KeyItem,
    Lane,
    LineChart,
    Mark,
    Series,
    Span,
    Timeline,
    contrast_ratio,
    series_styles,
    style,
)
from maca.core.charts.palette import PALETTE, SERIES_COLOURS
from maca.core.charts.scales import nice_ticks, time_ticks

SVG = "{http://www.w3.org/2000/svg}"
GOVUK_PALETTE = Path(__file__).resolve().parents[3] / (
    "node_modules/govuk-frontend/dist/govuk/settings/_colours-palette.scss"
)


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, under test


def marks(root) -> list[dict]:
    return [element.attrib for element in root.iter() if "maca-chart__mark" in element.attrib.get("class", "")]


def cells(table: dict) -> dict[tuple[str, str], str]:
    """``{(row heading, column heading): text}`` of GOV.UK table parameters."""
    head = [cell["text"] for cell in table["head"]]
    found = {}
    for row in table["rows"]:
        for heading, cell in zip(head[1:], row[1:], strict=True):
            found[(row[0]["text"], heading)] = cell["text"]
    return found


def assert_accessible_svg(chart) -> ElementTree.Element:
    svg = str(chart.svg())
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, chart.title)
    assert (desc.get("id"), desc.text) == (desc_id, chart.summary)
    for element in root.iter():
        assert "style" not in element.attrib, "a style attribute is blocked by style-src 'self'"
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
    return root


def assert_marks_agree_with_table(chart, root) -> None:
    table = cells(chart.table())
    drawn = marks(root)
    assert drawn
    for mark in drawn:
        assert table[(mark["data-row"], mark["data-column"])] == mark["data-value"]


# Bar charts -------------------------------------------------------------------------------------


def stacked_chart(**options) -> BarChart:
    return BarChart(
        "Returns in, by audit",
        "3 of 35 returns are in for the neglect audit; 5 of 5 for the other.",
        categories=["Neglect in families with babies", "Referrals into the MASH"],
        series=[Series("In", [3, 5]), Series("Outstanding", [32, 0])],
        stacked=True,
        totals=["3 of 35 (9%)", "5 of 5 (100%)"],
        category_heading="Audit",
        **options,
    )


def test_a_stacked_bar_chart_is_named_and_its_bars_say_what_its_table_says():
    chart = stacked_chart()
    root = assert_accessible_svg(chart)
    assert_marks_agree_with_table(chart, root)
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "3 of 35 (9%)" in texts and "5 of 5 (100%)" in texts
    # A segment of nothing is not drawn: 3 bars for 4 values, one of them 0.
    assert len(marks(root)) == 3
    table = chart.table()
    assert [cell["text"] for cell in table["head"]] == ["Audit", "In", "Outstanding", "Total"]
    assert table["rows"][0][3]["text"] == "3 of 35 (9%)"
    assert table["firstCellIsHeader"]


def test_stacked_segments_are_as_long_as_their_values():
    root = parse(str(stacked_chart().svg()))
    widths = {(m["data-row"], m["data-column"]): float(m["width"]) for m in marks(root)}
    in_width = widths[("Neglect in families with babies", "In")]
    outstanding_width = widths[("Neglect in families with babies", "Outstanding")]
    # 1.5 units of white keep neighbouring segments apart.
    assert (outstanding_width + 1.5) / (in_width + 1.5) == pytest.approx(32 / 3, rel=0.02)


def test_grouped_bars_write_each_value_and_a_dash_for_none():
    chart = BarChart(
        "Response rate by agency",
        "Police 2 of 6; the care board had none asked for in the second audit.",
        categories=["Police", "Care board"],
        series=[
            Series("First audit", [50, 20], texts=["3 of 6 (50%)", "1 of 5 (20%)"]),
            Series("Second audit", [100, None], texts=["2 of 2 (100%)", "None asked for"]),
        ],
        maximum=100,
        tick_text=lambda v: f"{v:.0f}%",
        category_heading="Agency",
    )
    root = assert_accessible_svg(chart)
    assert_marks_agree_with_table(chart, root)
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "None asked for" in texts and "100%" in texts and "0%" in texts
    assert len(marks(root)) == 3
    assert [item.label for item in chart.key()] == ["First audit", "Second audit"]


def test_typed_text_is_escaped_and_read_back_as_it_was_typed():
    hostile = 'Agency <script>alert("x")</script> & "friends"'
    chart = BarChart("Bars", "A sentence.", categories=[hostile], series=[Series("In", [1])])
    svg = str(chart.svg())
    assert "<script>" not in svg
    root = parse(svg)
    assert hostile in [element.text for element in root.iter(f"{SVG}text")]
    assert marks(root)[0]["data-row"] == hostile


def test_a_long_name_is_cut_to_fit_and_kept_whole_in_its_tooltip_and_table():
    name = "Domestic abuse and the voice of the child, " * 4
    chart = BarChart("Bars", "A sentence.", categories=[name], series=[Series("In", [1])])
    root = parse(str(chart.svg()))
    label = next(element for element in root.iter(f"{SVG}text") if element.get("font-weight") == "bold")
    assert label.text.endswith("…") and len(label.text) < len(name)
    assert label.find(f"{SVG}title").text == name
    assert chart.table()["rows"][0][0]["text"] == name


def test_series_and_values_must_match():
    with pytest.raises(ValueError, match="has 1 values for 2"):
        BarChart("Bars", "A sentence.", categories=["A", "B"], series=[Series("In", [1])])


# Lines --------------------------------------------------------------------------------------------


def test_a_line_chart_marks_each_value_breaks_at_a_gap_and_agrees_with_its_table():
    days = [dt.date(2025, 6, 1), dt.date(2025, 11, 1), dt.date(2026, 3, 1)]
    chart = LineChart(
        "Response rate, audit after audit",
        "From 50% to 100%.",
        days=days,
        point_names=["Neglect", "Exploitation", "Domestic abuse"],
        series=[Series("Police", [50, None, 100]), Series("Care board", [20, 40, 60])],
        maximum=100,
        tick_text=lambda v: f"{v:.0f}%",
        corner_heading="Agency",
    )
    root = assert_accessible_svg(chart)
    assert_marks_agree_with_table(chart, root)
    assert len(marks(root)) == 5
    police = root.findall(f".//{SVG}g[@class='maca-chart__series']")[0]
    line = police.find(f"{SVG}path").get("d")
    assert line.count("M") == 2 and "L" not in line  # two points, no line through the missing one
    assert [cell["text"] for cell in chart.table()["head"]] == ["Agency", "Neglect", "Exploitation", "Domestic abuse"]
    assert {item.kind for item in chart.key()} == {"line"}


def test_a_line_chart_table_can_have_a_row_per_point():
    chart = LineChart(
        "Rate",
        "One point.",
        days=[dt.date(2026, 5, 1)],
        series=[Series("All agencies", [9.0], texts=["3 of 35 (9%)"])],
        rows="points",
        corner_heading="Audit",
    )
    root = assert_accessible_svg(chart)
    assert_marks_agree_with_table(chart, root)
    assert chart.table()["rows"] == [[{"text": "1 May 2026"}, {"text": "3 of 35 (9%)"}]]


# Timelines ----------------------------------------------------------------------------------------

IMPACTS = {
    "negative": KeyItem("Negative", style("red", shape="triangle-down"), "mark"),
    "positive": KeyItem("Positive", style("green", shape="triangle"), "mark"),
    "gap": KeyItem("No event for 90 days", style("light-grey", pattern="diagonal"), "band"),
}


def test_a_timeline_draws_lanes_marks_periods_bands_and_today():
    lanes = [
        Lane(
            "Police",
            [
                Mark(dt.date(2025, 1, 1), "negative", "Call-out", {"agency": "Police"}),
                Mark(dt.date(2025, 1, 1), "negative", "Second call", {"agency": "Police"}),
                Mark(dt.date(2025, 1, 2), "positive", "Visit", {"agency": "Police"}, until=dt.date(2025, 2, 1)),
            ],
        ),
        Lane("Health", [Mark(dt.date(2025, 9, 1), "positive", "Check", {"agency": "Health"})]),
    ]
    chart = Timeline(
        "Timeline of events by agency",
        "4 events from 2 agencies.",
        lanes=lanes,
        styles=IMPACTS,
        bands=[Band(dt.date(2025, 2, 1), dt.date(2025, 9, 1), "gap", "Gap", text="No event for 7 months")],
        today=dt.date(2025, 10, 1),
        table_note="The events are in the table below.",
    )
    root = assert_accessible_svg(chart)
    drawn = marks(root)
    assert [m["data-agency"] for m in drawn] == ["Police", "Police", "Police", "Health"]
    # Two events on the same day sit on lines of their own, so both can be seen and counted.
    police = [m for m in drawn if m["data-agency"] == "Police"]
    assert len({m.get("cy") or m.get("d") for m in police}) == 3
    bands = [element for element in root.iter() if element.get("class") == "maca-chart__band"]
    assert len(bands) == 1 and bands[0].find(f"{SVG}title").text == "No event for 7 months"
    assert any((element.text or "").startswith("Today, 1 Oct 2025") for element in root.iter(f"{SVG}text"))
    assert chart.table() is None and chart.table_note
    assert [item.label for item in chart.key()] == ["Negative", "Positive", "No event for 90 days"]


def test_a_timeline_span_carries_the_cell_of_its_table():
    table = {
        "head": [{"text": "Audit"}, {"text": "Stage"}],
        "rows": [[{"text": "Neglect"}, {"text": "Agencies auditing"}]],
    }
    chart = Timeline(
        "The year at a glance",
        "One audit.",
        lanes=[
            Lane(
                "Neglect",
                [
                    Span(
                        dt.date(2026, 5, 1),
                        dt.date(2026, 7, 1),
                        "auditing",
                        data={"row": "Neglect", "column": "Stage", "value": "Agencies auditing"},
                    )
                ],
            )
        ],
        styles={"auditing": KeyItem("Agencies auditing", style("blue"))},
        first=dt.date(2026, 4, 1),
        last=dt.date(2027, 3, 31),
        table_params=table,
    )
    root = assert_accessible_svg(chart)
    assert_marks_agree_with_table(chart, root)


def test_a_key_swatch_uses_the_patterns_its_chart_defines():
    chart = stacked_chart()
    root = parse(str(chart.svg()))
    defined = {element.get("id") for element in root.iter(f"{SVG}pattern")}
    swatches = chart.key_swatches()
    assert [item["label"] for item in swatches] == ["In", "Outstanding"]
    used = set(re.findall(r"url\(#([^)]+)\)", "".join(str(item["swatch"]) for item in swatches)))
    assert used and used <= defined
    for item in swatches:
        assert parse(str(item["swatch"])).get("aria-hidden") == "true"


# Colours, patterns and scales ---------------------------------------------------------------------


def test_every_series_colour_stands_out_from_the_page():
    for name in SERIES_COLOURS:
        assert contrast_ratio(COLOURS[name]) >= 3, name


@pytest.mark.skipif(not GOVUK_PALETTE.exists(), reason="GOV.UK Frontend is not installed (make install)")
def test_every_colour_is_from_the_govuk_palette():
    palette = GOVUK_PALETTE.read_text().lower()
    for name, (variant, hex_value) in PALETTE.items():
        colour, _, shade = variant.partition(" ")
        if colour == "white":
            continue
        block = re.search(rf'"{colour}": \((.*?)\)', palette, re.S).group(1)
        assert f'"{shade}": {hex_value}' in block, f"{name}: {variant} is not {hex_value}"


def test_neighbouring_series_differ_in_more_than_colour():
    styles = series_styles(6)
    for attribute in ("colour", "pattern", "shape"):
        assert len({getattr(item, attribute) for item in styles}) == 6


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(3, [0, 1, 2, 3]), (35, [0, 10, 20, 30, 40]), (100, [0, 20, 40, 60, 80, 100]), (0, [0, 1])],
)
def test_axis_steps_are_round(maximum, expected):
    assert nice_ticks(maximum) == expected


def test_time_ticks_step_by_days_months_or_years():
    assert time_ticks(dt.date(2026, 3, 1), dt.date(2026, 3, 7))[0] == (dt.date(2026, 3, 1), "1 Mar")
    months = time_ticks(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert months[0] == (dt.date(2026, 4, 1), "Apr 2026") and len(months) <= 7
    years = time_ticks(dt.date(2016, 5, 1), dt.date(2026, 5, 1))
    assert [label for _day, label in years][:2] in (["2017", "2019"], ["2018", "2020"])


# The template tag ---------------------------------------------------------------------------------


def test_the_chart_tag_shows_heading_sentence_key_picture_and_table():
    html = Template("{% load charts %}{% chart chart heading_level=3 %}").render(Context({"chart": stacked_chart()}))
    assert '<h3 class="govuk-heading-s maca-chart__heading" id="chart-returns-in-by-audit-heading">' in html
    assert "3 of 35 returns are in for the neglect audit" in html
    assert 'class="maca-chart__key"' in html and "<svg" in html
    assert "govuk-details" in html and "Show the figures as a table" in html
    assert 'role="region"' in html and 'tabindex="0"' in html


def test_the_chart_tag_points_at_the_page_table_when_the_chart_has_none():
    chart = Timeline("Timeline", "Nothing yet.", table_note="Every event is in the table below.")
    html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    assert "Every event is in the table below." in html and "govuk-details" not in html
