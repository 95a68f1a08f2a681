from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maca.core.presenters import counted, date_time

ACTIVE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--green">Active</strong>')
DEACTIVATED_TAG = mark_safe('<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>')


def agency_name(agency) -> str:
    """An agency as every page and e-mail that lists agencies names it: a
    sub-unit with the agency at the top of its tree, "Abbey Lane Surgery
    (Wyvernshire Integrated Care Board)", so that a GP practice reads the same
    in the case's agencies, the people pages, an agency lead's cases and the
    returns' tables. Load ``parent`` with the agency (``select_related``):
    agencies are two levels deep at most (``services._check_parent``)."""
    top = agency
    while top.parent_id:
        top = top.parent
    return agency.name if top is agency else f"{agency.name} ({top.name})"


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
        # A deactivation meanwhile is a change too: without it the summary reads as before.
        {"key": {"text": "Status"}, "value": {"text": "Active" if agency.is_active else "Deactivated"}},
    ]


def retention_summary(kinds, periods: dict[str, int]) -> list[dict]:
    return [{"key": {"text": kind.label}, "value": {"text": kind.describe(periods[kind.key])}} for kind in kinds]


def retention_runs_table(events, kinds) -> dict | None:
    """What the daily run removed or de-identified: counts, never records."""
    if not events:
        return None
    labels = {kind.key: kind.label for kind in kinds}
    rows = [
        [
            {"text": date_time(e.occurred_at), "classes": "maca-nowrap"},
            {"text": labels.get(e.changes.get("kind"), e.changes.get("kind", ""))},
            {"text": intcomma(e.changes.get("records", 0)), "format": "numeric"},
            {"text": e.changes.get("what_happened", "")},
        ]
        for e in events
    ]
    return {
        "caption": "What the daily run has done lately",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "When"},
            {"text": "Data"},
            {"text": "Records", "format": "numeric"},
            {"text": "What happened"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def _sentence(parts: list[str]) -> str:
    text = " and ".join(parts)
    return text[:1].upper() + text[1:] + "."


def access_lost_with_agency(counts: dict[str, int]) -> str:
    """What deactivating an agency does to its people (``selectors.people_of_agency``)."""
    parts = []
    if counts["people"]:
        parts.append(f"{counted(counts['people'], 'person', 'people')} in it will lose their access")
    if counts["invitations"]:
        parts.append(f"{counted(counts['invitations'], 'invitation')} to it will be withdrawn")
    if not parts:
        return "Nobody has access through it."
    # Said of what is ended: with only invitations, nobody's "access" is.
    undone = []
    if counts["people"]:
        undone.append("give their access back")
    if counts["invitations"]:
        undone.append("send the invitations again")
    return _sentence(parts) + f" Reactivating the agency does not {' or '.join(undone)}."


def access_lost_after_deactivation(counts: dict[str, int]) -> str:
    """What deactivating the agency did, said after it."""
    people, invitations = counts["people"], counts["invitations"]
    parts = []
    if people:
        parts.append(f"{counted(people, 'person', 'people')} in it no longer {'has' if people == 1 else 'have'} access")
    if invitations:
        was = "was" if invitations == 1 else "were"
        parts.append(f"{counted(invitations, 'invitation')} to it {was} withdrawn")
    return _sentence(parts) if parts else ""
