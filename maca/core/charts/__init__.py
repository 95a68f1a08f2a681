"""Charts drawn on the server as SVG, each with a sentence and a table that
say what the picture shows (docs/architecture.md, "Charts"; ADR 0015).

A chart is built by a presenter from figures computed elsewhere (a chart
never counts anything itself), and shown in a template with the ``chart``
tag, which writes the title, the sentence, the key, the picture and the
table in a "Show the figures as a table" details component::

    from maca.core.charts import BarChart, Series

    chart = BarChart(
        "Returns in, by audit",
        "3 of 35 returns are in for the neglect audit.",
        categories=["Neglect in families with babies"],
        series=[Series("In", [3], texts=["3"]), Series("Outstanding", [32])],
        stacked=True,
        totals=["3 of 35 (9%)"],
        category_heading="Audit",
    )

    {% load charts %}
    {% chart chart heading_level=2 %}

The kinds:

- :class:`BarChart`: horizontal bars, grouped or ``stacked``, one row per
  category; ``maximum=100`` and ``tick_text`` for percentages.
- :class:`LineChart`: one line per series over ``days``; ``point_names``
  name the points in the table (``rows="series"`` or ``"points"``).
- :class:`Timeline`: lanes of :class:`Span` (bars) and :class:`Mark`
  (events), :class:`Band` shading across lanes, a ``today`` line; its table
  is given (``table_params``) or is elsewhere on the page (``table_note``).

Every shape that stands for a figure carries ``data-row``, ``data-column``
and ``data-value`` (or the ``data`` a timeline's item is given): the cell of
the table that says the same. Browser journeys use them to check that the
picture and the table agree.

Styles: :func:`series_styles` gives each series its own colour, pattern,
shape and dash; :func:`style` makes one from a GOV.UK palette name when the
colour carries a meaning (red for a concern, green for good practice).
"""

from maca.core.charts.bar import BarChart
from maca.core.charts.base import Chart, KeyItem, Series, format_number
from maca.core.charts.line import LineChart
from maca.core.charts.palette import COLOURS, Style, contrast_ratio, series_styles, style
from maca.core.charts.scales import day_text
from maca.core.charts.timeline import Band, Lane, Mark, Span, Timeline

__all__ = [
    "COLOURS",
    "Band",
    "BarChart",
    "Chart",
    "KeyItem",
    "Lane",
    "LineChart",
    "Mark",
    "Series",
    "Span",
    "Style",
    "Timeline",
    "contrast_ratio",
    "day_text",
    "format_number",
    "series_styles",
    "style",
]
