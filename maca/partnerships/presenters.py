from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

ACTIVE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--green">Active</strong>')
DEACTIVATED_TAG = mark_safe('<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>')


def agencies_table(tree) -> dict:
    rows = []
    for agency, depth in tree:
        indent = "govuk-!-padding-left-" + str(min(depth * 4, 9)) if depth else ""
        name = format_html(
            '<span class="{}"><a class="govuk-link" href="{}">{}</a></span>',
            indent,
            reverse("partnerships:edit", args=[agency.pk]),
            agency.name,
        )
        status = ACTIVE_TAG if agency.is_active else DEACTIVATED_TAG
        rows.append(
            [
                {"html": name},
                {"text": agency.get_kind_display()},
                {"text": agency.parent.name if agency.parent else "–"},
                {"html": status},
            ]
        )
    return {
        "caption": "Agencies",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Agency"}, {"text": "Kind"}, {"text": "Part of"}, {"text": "Status"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def agency_summary(agency) -> list[dict]:
    return [
        {"key": {"text": "Name"}, "value": {"text": agency.name}},
        {"key": {"text": "Kind"}, "value": {"text": agency.get_kind_display()}},
        {"key": {"text": "Part of"}, "value": {"text": agency.parent.name if agency.parent else "–"}},
    ]
