"""``{% load charts %}``: a chart with its sentence, key and table, and the
links that download a page's figures.

``{% chart some_chart heading_level=2 %}``
    The figure: its title as a heading, the sentence saying what it shows, the
    key, the picture, and its table in a "Show the figures as a table" details
    component (or the chart's ``table_note``).
``{% export_links "returns:tracking_export" audit.pk label="the response grid" %}``
    "Download the response grid as CSV or Excel (XLSX)": links to the page's
    export URL (its last argument is the format), keeping the page's filters.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maca.core.charts import Chart

register = template.Library()


@register.simple_tag
def chart(figure: Chart, heading_level: int = 2, table_summary: str = "Show the figures as a table") -> SafeString:
    heading_class = {2: "govuk-heading-m", 3: "govuk-heading-s"}.get(heading_level, "govuk-heading-s")
    return render_to_string(
        "core/chart.html",
        {
            "chart": figure,
            "svg": figure.svg(),
            "key": figure.key_swatches(),
            "table": None if figure.table_note else figure.table(),
            "heading_tag": f"h{heading_level}",
            "heading_class": heading_class,
            "table_summary": table_summary,
        },
    )


@register.simple_tag(takes_context=True)
def export_links(context, url_name: str, *args, label: str = "this table") -> SafeString:
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    csv_url = reverse(url_name, args=[*args, "csv"]) + suffix
    xlsx_url = reverse(url_name, args=[*args, "xlsx"]) + suffix
    return format_html(
        '<p class="govuk-body maca-no-print maca-export-links">Download {}: '
        '<a class="govuk-link" href="{}">CSV<span class="govuk-visually-hidden"> file</span></a> or '
        '<a class="govuk-link" href="{}">Excel spreadsheet (XLSX)</a></p>',
        label,
        csv_url,
        xlsx_url,
    )
