"""Chronologies as GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from maca.core import charts
from maca.core.addresses import local_view
from maca.core.presenters import and_list, counted, date_time
from maca.returns.chronology import Cluster, IntegratedChronology, format_when
from maca.returns.models import Impact, ReturnStatus

UPLOAD_ERRORS_SHOWN = 200
ACTIONS_HEADING = mark_safe('<span class="govuk-visually-hidden">Actions</span>')

IMPACT_TAGS = {
    Impact.POSITIVE: ("Positive", "govuk-tag--green"),
    Impact.NEGATIVE: ("Negative", "govuk-tag--red"),
    Impact.NEUTRAL: ("Neutral", "govuk-tag--grey"),
}


def impact_tag(impact: str) -> SafeString:
    label, classes = IMPACT_TAGS.get(impact, (impact.capitalize(), "govuk-tag--grey"))
    return format_html('<strong class="govuk-tag {} maca-chronology__impact">{}</strong>', classes, label)


def _text(value: str) -> dict:
    return {"text": value or "–", "classes": "maca-pre-wrap"}


def entries_table(entries, *, return_record, can_edit: bool) -> dict:
    head = [
        {"text": "Date"},
        {"text": "Significant event"},
        {"text": "Source"},
        {"text": "Impact on the child"},
        {"text": "Action taken"},
    ]
    if can_edit:
        head.append({"html": ACTIONS_HEADING, "classes": "maca-no-print"})
    rows = []
    for entry in entries:
        when = format_when(entry.date, entry.end_date)
        row = [
            {"text": when, "classes": "maca-nowrap"},
            _text(entry.event),
            _text(entry.source),
            {"html": impact_tag(entry.impact)},
            _text(entry.action_taken),
        ]
        if can_edit:
            row.append(
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> the entry of {}'
                        '</span></a><br><a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden">'
                        " the entry of {}</span></a>",
                        reverse("chronology:edit", args=[return_record.pk, entry.pk]),
                        when,
                        reverse("chronology:remove", args=[return_record.pk, entry.pk]),
                        when,
                    ),
                    "classes": "maca-no-print maca-nowrap",
                }
            )
        rows.append(row)
    return {
        "caption": "Entries in date order",
        "captionClasses": "govuk-table__caption--m",
        "head": head,
        "rows": rows,
        "classes": "maca-table--compact maca-chronology",
    }


def entry_count(count: int) -> str:
    """How many entries a return's chronology has, in the words every page
    uses (the return's task list, Check your answers, the QA officer's
    review): ``No chronology entries``, ``1 entry``, ``12 entries``."""
    return "No chronology entries" if not count else counted(count, "entry", "entries")


# What a case's integrated chronology says of the returns whose entries it
# leaves out (``chronology_selectors.integrated_left_out``): it shows those of
# returns that are in only. Each by its return's status: (what they are, why
# not shown, for one return and for several).
_LEFT_OUT = (
    (
        (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT),
        ("still in draft", "still in draft"),
        ("they are shown once it is submitted", "they are shown once they are submitted"),
    ),
    (
        (ReturnStatus.RETURNED,),
        ("sent back to its agency for changes", "sent back to their agencies for changes"),
        ("they are shown once it is submitted again", "they are shown once they are submitted again"),
    ),
    (
        (ReturnStatus.WITHDRAWN,),
        ("withdrawn", "withdrawn"),
        ("it is no longer asked for", "they are no longer asked for"),
    ),
)

INTEGRATED_SHOWS = "It shows the entries of submitted returns only."


def left_out_notes(left_out: dict[str, int]) -> list[str]:
    """``Entries from 1 return still in draft are not shown: they are shown
    once it is submitted.``: one sentence for each reason a return's entries
    are left out, from how many returns of each status have some."""
    notes = []
    for statuses, what, why in _LEFT_OUT:
        count = sum(left_out.get(status, 0) for status in statuses)
        if count:
            returns = counted(count, "return")
            one = count == 1
            notes.append(f"Entries from {returns} {what[0 if one else 1]} are not shown: {why[0 if one else 1]}.")
    return notes


# An entry's fields as the entries table and the form name them.
FIELD_NAMES = {
    "date": "Date",
    "end_date": "End date",
    "event": "Significant event",
    "source": "Source",
    "impact": "Impact on the child",
    "action_taken": "Action taken",
}

_CHANGE_TITLES = {
    "chronology.entry_added": "Chronology entry added",
    "chronology.entry_updated": "Chronology entry changed",
    "chronology.entry_removed": "Chronology entry removed",
    "chronology.imported": "Chronology entries added from a spreadsheet",
}


def _as_it_reads_now(entry) -> str:
    """The key of an entry shown as it reads now: "now" would say that an
    entry removed since is still in the chronology."""
    return "Significant event, removed since" if entry is not None and entry.removed_at else "Significant event now"


def _entry_rows(entry, *, key: str) -> list[dict]:
    """The entry in brief: its date and its event."""
    if entry is None:
        return [{"key": {"text": key}, "value": {"text": "Not found"}}]
    return [
        {"key": {"text": "Date"}, "value": {"text": format_when(entry.date, entry.end_date)}},
        {"key": {"text": key}, "value": _text(entry.event)},
    ]


def change_entries(changes) -> list[dict]:
    """Each change to a return's chronology (``chronology_selectors.changes_of``)
    as an entry of the return's "Every change" page: what was done, by whom,
    when, and to which entry. The log keeps which fields a change touched, not
    what they said before (it holds nothing an entry says), so a change names
    the fields and shows the entry as it reads now."""
    shown = []
    for event, entry in changes:
        who = event.actor.full_name if event.actor_id else "maca"
        rows: list[dict]
        if event.action == "chronology.entry_updated":
            fields = [FIELD_NAMES.get(name, name) for name in event.changes.get("fields", [])]
            rows = [{"key": {"text": "What changed"}, "value": {"text": and_list(fields) or "Nothing"}}]
            rows += _entry_rows(entry, key=_as_it_reads_now(entry))
        elif event.action == "chronology.imported":
            added = event.changes.get("entries", 0)
            rows = [{"key": {"text": "Entries added"}, "value": {"text": f"{added:,}"}}]
        elif event.action == "chronology.entry_added" and entry is not None and entry.version > 1:
            # Changed or removed since: what it says now, said as such.
            rows = _entry_rows(entry, key=_as_it_reads_now(entry))
        else:
            rows = _entry_rows(entry, key="Significant event")
        shown.append(
            {
                "at": event.occurred_at,
                "title": f"{_CHANGE_TITLES.get(event.action, event.action)}: {who}, {date_time(event.occurred_at)}",
                "rows": rows,
            }
        )
    return shown


def entry_summary(entry) -> list[dict]:
    return [
        {"key": {"text": "Date"}, "value": {"text": format_when(entry.date, entry.end_date)}},
        {"key": {"text": "Significant event"}, "value": _text(entry.event)},
        {"key": {"text": "Source"}, "value": _text(entry.source)},
        {"key": {"text": "Impact on the child"}, "value": {"html": impact_tag(entry.impact)}},
        {"key": {"text": "Action taken"}, "value": _text(entry.action_taken)},
    ]


# Rows named one by one up to this many; beyond it, only counted.
ROWS_NAMED = 5


def _rows_named(numbers) -> str:
    numbers = list(numbers)
    if len(numbers) > ROWS_NAMED:
        return ""
    return f" ({'row' if len(numbers) == 1 else 'rows'} {and_list([str(number) for number in numbers])})"


def upload_outcome(result) -> tuple[bool, str]:
    """What the chronology page says after an upload
    (``chronology_services.ImportResult``), and whether anything was added:
    how many entries; the rows not added again, being already in the
    chronology (named when few); and rows added that read alike."""
    if result.added:
        words = [
            f"{counted(result.added, 'entry', 'entries')} {'has' if result.added == 1 else 'have'} been added "
            "to the chronology."
        ]
    else:
        words = ["No entries have been added."]
    there = result.already_there
    if there:
        if result.added:
            words.append(
                f"{counted(len(there), 'row')}{_rows_named(there)} {'was' if len(there) == 1 else 'were'} already "
                "in the chronology and " + ("was" if len(there) == 1 else "were") + " not added again."
            )
        else:
            every = "The row" if len(there) == 1 else f"All {len(there):,} rows"
            words.append(
                f"{every} of the file{_rows_named(there)} {'was' if len(there) == 1 else 'were'} already "
                "in the chronology."
            )
    for rows in result.alike_in_file:
        words.append(
            f"Rows {and_list([str(number) for number in rows])} of the file are the same as each other: "
            f"{'both were' if len(rows) == 2 else 'all were'} added. If it is one event, remove the extra "
            f"entr{'y' if len(rows) == 2 else 'ies'}."
        )
    return bool(result.added), " ".join(words)


def upload_error_summary(problems: list[str], *, anchor: str = "#id_file", file_chosen: bool = True) -> dict:
    """Every problem with the file, up to 200, and how many more there are.
    ``file_chosen``: False when no file was chosen: nothing then says to
    correct a file."""
    shown = problems[:UPLOAD_ERRORS_SHOWN]
    errors = [{"text": problem, "href": anchor} for problem in shown]
    rest = len(problems) - len(shown)
    if rest:
        errors.append({"text": f"And {rest:,} more problem{'s' if rest != 1 else ''} not listed here"})
    if not file_chosen:
        return {"titleText": "There is a problem", "errorList": errors}
    description = "Nothing from the file has been saved. Correct the file and upload it again."
    if len(problems) > 1:
        description = f"The file has {len(problems):,} problems. " + description
    return {"titleText": "There is a problem", "descriptionText": description, "errorList": errors}


def _cluster_cell(cluster: Cluster) -> dict:
    classes = "maca-chronology__cluster-heading"
    if cluster.is_repeated_referrals:
        classes += " maca-chronology__cluster-heading--referrals"
    return {
        "html": format_html(
            '<strong class="govuk-tag {}">{}</strong> {}',
            "govuk-tag--orange" if cluster.is_repeated_referrals else "govuk-tag--blue",
            cluster.label,
            cluster.description,
        ),
        "colspan": 6,
        "classes": classes,
    }


def integrated_table(chronology: IntegratedChronology) -> dict:
    rows = []
    for item in chronology.items:
        if item.kind == "gap":
            rows.append([{"text": item.gap.description, "colspan": 6, "classes": "maca-chronology__gap"}])
        elif item.kind == "cluster":
            rows.append([_cluster_cell(item.cluster)])
        else:
            row = item.row
            extra = " maca-chronology__in-cluster" if item.cluster else ""
            rows.append(
                [
                    {"text": format_when(row.date, row.end_date), "classes": "maca-nowrap" + extra},
                    {"text": row.agency_name, "classes": extra.strip()},
                    {"text": row.event or "–", "classes": "maca-pre-wrap" + extra},
                    {"text": row.source or "–", "classes": "maca-pre-wrap" + extra},
                    {"html": impact_tag(row.impact), "classes": extra.strip()},
                    {"text": row.action_taken or "–", "classes": "maca-pre-wrap" + extra},
                ]
            )
    return {
        "caption": "Events in date order",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Date"},
            {"text": "Agency"},
            {"text": "Significant event"},
            {"text": "Source"},
            {"text": "Impact on the child"},
            {"text": "Action taken"},
        ],
        "rows": rows,
        "classes": "maca-table--compact maca-chronology",
    }


def agencies_summary(chronology: IntegratedChronology) -> dict:
    return {
        "caption": "Entries by agency",
        "captionClasses": "govuk-table__caption--s",
        "head": [{"text": "Agency"}, {"text": "Entries", "format": "numeric"}],
        "rows": [[{"text": name}, {"text": str(count), "format": "numeric"}] for name, count in chronology.by_agency],
        "classes": "maca-table--compact",
    }


def impact_summary(chronology: IntegratedChronology) -> dict:
    return {
        "caption": "Entries by impact on the child",
        "captionClasses": "govuk-table__caption--s",
        "head": [{"text": "Impact"}, {"text": "Entries", "format": "numeric"}],
        "rows": [
            [{"html": impact_tag(value)}, {"text": str(count), "format": "numeric"}]
            for value, _label, count in chronology.by_impact
        ],
        "classes": "maca-table--compact",
    }


# The integrated chronology as a timeline ----------------------------------------------------------

IMPACT_STYLES = {
    Impact.NEGATIVE: charts.style("red", shape="triangle-down"),
    Impact.NEUTRAL: charts.style("dark-grey", shape="circle"),
    Impact.POSITIVE: charts.style("green", shape="triangle"),
}
# Shading behind the marks: light, so that every mark stays clear on it.
GAP_STYLE = charts.style("light-grey", pattern="diagonal", ink=charts.COLOURS["mid-grey"])
CLUSTER_STYLE = charts.style("pale-blue", pattern="dots", ink=charts.COLOURS["lighter-blue"])
REFERRALS_STYLE = charts.style("pale-orange", pattern="backward", ink=charts.COLOURS["light-orange"])
TOOLTIP_LENGTH = 160


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def timeline_chart(chronology: IntegratedChronology) -> charts.Timeline:
    """One lane per agency, each event a mark of its impact on the child, long
    gaps and clusters of events shaded across the lanes: who knew what, when.
    The page's table of events is the chart's table."""
    labels = dict(Impact.choices)
    lanes = {name: charts.Lane(f"{name} ({_count(count, 'event', 'events')})") for name, count in chronology.by_agency}
    for row in chronology.rows:
        when = format_when(row.date, row.end_date)
        event = row.event if len(row.event) <= TOOLTIP_LENGTH else row.event[: TOOLTIP_LENGTH - 1] + "…"
        lanes[row.agency_name].items.append(
            charts.Mark(
                row.date,
                row.impact,
                text=f"{when}, {labels.get(row.impact, row.impact).lower()}: {event}",
                data={"when": when, "agency": row.agency_name, "impact": labels.get(row.impact, row.impact)},
                until=row.end_date,
            )
        )
    styles = {
        value: charts.KeyItem(f"{label} for the child", IMPACT_STYLES[value], "mark")
        for value, label, count in chronology.by_impact
        if count
    }
    bands = [charts.Band(gap.start, gap.end, "gap", "Gap", text=gap.description) for gap in chronology.gaps]
    if chronology.gaps:
        styles["gap"] = charts.KeyItem(f"No event for more than {chronology.gap_days} days", GAP_STYLE, "band")
    for cluster in chronology.clusters:
        kind = "referrals" if cluster.is_repeated_referrals else "cluster"
        bands.append(
            charts.Band(
                cluster.first - dt.timedelta(days=1),
                cluster.last + dt.timedelta(days=1),
                kind,
                "Referrals" if cluster.is_repeated_referrals else "Cluster",
                text=f"{cluster.label}: {cluster.description}",
            )
        )
    if any(not c.is_repeated_referrals for c in chronology.clusters):
        styles["cluster"] = charts.KeyItem(
            f"{chronology.cluster_size} or more events within {chronology.cluster_days} days", CLUSTER_STYLE, "band"
        )
    if any(c.is_repeated_referrals for c in chronology.clusters):
        styles["referrals"] = charts.KeyItem("A cluster with repeated referrals", REFERRALS_STYLE, "band")
    impacts = [f"{count} {label.lower()}" for _value, label, count in chronology.by_impact if count]
    summary = (
        f"{_count(chronology.entry_count, 'event', 'events')} from "
        f"{_count(len(chronology.by_agency), 'agency', 'agencies')}"
    )
    if chronology.rows:
        summary += (
            f", {format_when(chronology.rows[0].date, None)} to "
            f"{format_when(max(r.last_day for r in chronology.rows), None)}: {and_list(impacts)} for the child. "
        )
    summary += (
        f"{_count(len(chronology.gaps), 'gap', 'gaps')} of more than {chronology.gap_days} days and "
        f"{_count(len(chronology.clusters), 'cluster', 'clusters')} of {chronology.cluster_size} or more events "
        f"within {chronology.cluster_days} days are shaded."
    )
    return charts.Timeline(
        "Timeline of events by agency",
        summary,
        name="chronology-timeline",
        lanes=list(lanes.values()),
        styles=styles,
        bands=bands,
        table_note="Every event is in the table ‘Events in date order’ below, with what happened and the action taken.",
    )


# The pages that open a case's multi-agency chronology, to which its back link
# returns (``?back=``): what the link says, and, for a page of one of the
# person's own agency's returns, what it says to them.
INTEGRATED_BACK_TO = {
    "returns:detail": ("Back to the return", "Back to your agency’s return"),
    "chronology:return": ("Back to the agency’s chronology", "Back to your agency’s chronology"),
    "findings:case": ("Back to the case at the meeting", None),
    "selection:cases": ("Back to the audit’s cases", None),
    "selection:my_cases": ("Back to your cases", None),
}


def integrated_url(audit_id: int, audit_case_id: int, *, back: str = "") -> str:
    """The address of a case's multi-agency chronology, opened from ``back``
    (the address of the page the link is on, ``INTEGRATED_BACK_TO``), to which
    its back link returns."""
    from urllib.parse import urlencode

    url = reverse("chronology:integrated", args=[audit_id, audit_case_id])
    return f"{url}?{urlencode({'back': back})}" if back else url


def integrated_back(back: str | None, *, own_return_pks=()) -> tuple[str, str] | None:
    """Where the multi-agency chronology's back link goes and what it says, when
    ``back`` is the address on this site of a page that opens it
    (``INTEGRATED_BACK_TO``); otherwise ``None``: never another site's address."""
    match = local_view(back)
    texts = INTEGRATED_BACK_TO.get(match.view_name) if match else None
    if texts is None:
        return None
    text, own_text = texts
    pk = match.kwargs.get("return_pk", match.kwargs.get("pk"))
    if own_text and pk in set(own_return_pks):
        text = own_text
    return back, text
