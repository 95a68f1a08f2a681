from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html

from maca.core.presenters import counted, date_time

# An agency is never deleted: it stops taking part (``Agency.is_active`` off),
# and may take part again. Every page, message and refusal says so in these
# words (the people pages say "Access removed" of the people it had).
AGENCY_ACTIVE = "Active"
AGENCY_NOT_TAKING_PART = "No longer taking part"
MARK_NOT_TAKING_PART = "Mark as no longer taking part"
MARK_TAKING_PART_AGAIN = "Mark as taking part again"

ACTIVE_TAG = format_html('<strong class="govuk-tag govuk-tag--green">{}</strong>', AGENCY_ACTIVE)
NOT_TAKING_PART_TAG = format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', AGENCY_NOT_TAKING_PART)


def agency_status(agency) -> str:
    return AGENCY_ACTIVE if agency.is_active else AGENCY_NOT_TAKING_PART


def stopped_taking_part(name: str) -> str:
    """Why its people's access ended, kept with each of them (true even once
    the agency takes part again)."""
    return f"{name} stopped taking part"


def no_longer_taking_part(name: str) -> str:
    """Said after the agency was marked as no longer taking part."""
    return f"{name} is no longer taking part."


def taking_part_again(name: str) -> str:
    return f"{name} is taking part again."


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


def agency_order(agency) -> tuple[str, bool, str]:
    """Where an agency named by :func:`agency_name` sits in a list of agencies:
    in name order, each sub-unit straight under the agency at the top of its
    tree ("Wyvernshire Integrated Care Board", then "Abbey Lane Surgery
    (Wyvernshire Integrated Care Board)"). Load ``parent`` as for
    :func:`agency_name`."""
    top = agency
    while top.parent_id:
        top = top.parent
    return (top.name.lower(), top is not agency, agency.name.lower())


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
        status = ACTIVE_TAG if agency.is_active else NOT_TAKING_PART_TAG
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
        # Stopping taking part meanwhile is a change too: without it the summary reads as before.
        {"key": {"text": "Status"}, "value": {"text": agency_status(agency)}},
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
    """What marking an agency as no longer taking part does to its people
    (``selectors.people_of_agency``)."""
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
    return _sentence(parts) + f" Marking it as taking part again does not {' or '.join(undone)}."


def access_lost_after_deactivation(counts: dict[str, int]) -> str:
    """What marking the agency as no longer taking part did, said after it."""
    people, invitations = counts["people"], counts["invitations"]
    parts = []
    if people:
        parts.append(f"{counted(people, 'person', 'people')} in it no longer {'has' if people == 1 else 'have'} access")
    if invitations:
        was = "was" if invitations == 1 else "were"
        parts.append(f"{counted(invitations, 'invitation')} to it {was} withdrawn")
    return _sentence(parts) if parts else ""
