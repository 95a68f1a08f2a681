"""How the year is going, for the board and the QA officer: the returns in for
each audit, and each agency's share of its returns in, audit after audit.

The figures are the response grid's (:func:`maca.returns.tracking.tracking_grid`:
an agency's sub-units count under it, only submitted and accepted returns
count as in), so the progress page, the responses page and the exports say
the same. Nothing here shows a case: only counts per audit and per agency.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from maca.core.charts import BarChart, LineChart, Series, day_text, style
from maca.programme.models import returns_called_together
from maca.returns import figures, selectors
from maca.returns.tracking import Grid, tracking_grid

# The response-rate chart looks back over this many programme years, the one shown included.
YEARS_SHOWN = 3
# The response rate by agency shows this many of the latest audits side by side.
AGENCY_AUDITS_SHOWN = 3


@dataclass
class AuditProgress:
    audit: object
    grid: Grid

    @property
    def day(self) -> dt.date:
        """Where the audit sits in time: its return deadline (or its meeting, or
        when it was planned)."""
        audit = self.audit
        return audit.return_deadline or audit.planned_meeting_date or audit.created_at.date()


rate_text = figures.rate_text
rate = figures.rate


def audits_progress(partnership, audits, *, today: dt.date) -> list[AuditProgress]:
    """The response grid of each audit that has returns, in date order: two
    queries, however many audits and returns."""
    audits = list(audits)
    returns = selectors.returns_of_audits(partnership.pk, [audit.pk for audit in audits])
    agencies = selectors.partnership_agencies(partnership.pk)
    by_audit = defaultdict(list)
    for return_record in returns:
        by_audit[return_record.audit_id].append(return_record)
    found = [
        AuditProgress(audit, tracking_grid(audit, by_audit[audit.pk], agencies, today=today))
        for audit in audits
        if by_audit[audit.pk]
    ]
    return sorted(found, key=lambda item: (item.day, item.audit.title))


def returns_chart(items: list[AuditProgress], *, label: str) -> BarChart:
    """Returns in and outstanding for each audit of the year."""
    responded = sum(item.grid.responded for item in items)
    total = sum(item.grid.total for item in items)
    # Deep dives' summative reports counted with other audits' returns are named as both.
    called = returns_called_together(item.audit.kind for item in items)
    audits = "the one audit" if len(items) == 1 else f"the {len(items)} audits"
    summary = f"Across {audits} of {label} with agencies’ {called}, {rate_text(responded, total)} {called} are in."
    if len(items) > 1 and responded == total:
        summary += f" Every audit has all its {called} in."
    elif len(items) > 1:
        lowest = min(items, key=lambda item: (rate(item.grid.responded, item.grid.total) or 0, item.audit.title))
        summary += (
            f" ‘{lowest.audit.title}’ has the smallest share in: {rate_text(lowest.grid.responded, lowest.grid.total)}."
        )
    return BarChart(
        f"{called.capitalize()} in, by audit",
        summary,
        name="returns-by-audit",
        categories=[item.audit.title for item in items],
        series=[
            Series("In", [item.grid.responded for item in items], style=style("blue")),
            Series(
                "Outstanding",
                [item.grid.total - item.grid.responded for item in items],
                style=style("grey", pattern="diagonal"),
            ),
        ],
        stacked=True,
        totals=[rate_text(item.grid.responded, item.grid.total) for item in items],
        total_heading=f"In, of all {called}",
        category_heading="Audit",
    )


def rate_over_time_chart(items: list[AuditProgress], *, since: int) -> LineChart:
    """The share of all returns in, audit after audit, since April of ``since``."""
    texts = [rate_text(item.grid.responded, item.grid.total) for item in items]
    audits = "the audit" if len(items) == 1 else f"each of the {len(items)} audits"
    called = returns_called_together(item.audit.kind for item in items)
    summary = (
        f"The share of agencies’ {called} that are in for {audits} with {called} since "
        f"{day_text(dt.date(since, 4, 1))}, placed at its return deadline."
    )
    if items:
        summary += f" The latest, ‘{items[-1].audit.title}’: {texts[-1]}."
    return LineChart(
        "Response rate, audit after audit",
        summary,
        name="response-rate-over-time",
        days=[item.day for item in items],
        point_names=[f"{item.audit.title} ({item.audit.returns_called} due {day_text(item.day)})" for item in items],
        series=[
            Series(
                "All agencies",
                [rate(item.grid.responded, item.grid.total) for item in items],
                texts=texts,
                style=style("blue"),
            )
        ],
        maximum=100,
        tick_text=lambda value: f"{value:.0f}%",
        rows="points",
        corner_heading="Audit",
    )


def agency_rates_chart(items: list[AuditProgress], *, audits_shown: int = AGENCY_AUDITS_SHOWN) -> BarChart:
    """Each agency's share of its returns in, for the latest audits (oldest
    first in each agency's group, so a trend reads downwards)."""
    items = items[-audits_shown:]
    names = sorted({response.agency.name for item in items for response in item.grid.responses}, key=str.casefold)
    counts: dict[str, list[tuple[int, int] | None]] = {name: [None] * len(items) for name in names}
    for index, item in enumerate(items):
        for response in item.grid.responses:
            counts[response.agency.name][index] = (response.responded, response.total)
    series = [
        Series(
            item.audit.title,
            [rate(*counts[name][index]) if counts[name][index] else None for name in names],
            texts=[rate_text(*counts[name][index]) if counts[name][index] else "None asked for" for name in names],
        )
        for index, item in enumerate(items)
    ]
    latest = items[-1]
    called = returns_called_together(item.audit.kind for item in items)
    worst = min(latest.grid.responses, key=lambda r: (rate(r.responded, r.total) or 0, r.agency.name.casefold()))
    summary = (
        f"The share of each agency’s {called} that are in (its sub-units included), for the "
        f"{'latest ' + str(len(items)) + ' audits' if len(items) > 1 else 'audit'} with agencies’ {called}. "
    )
    if all(response.responded == response.total for response in latest.grid.responses):
        summary += f"In ‘{latest.audit.title}’, every agency has all its {latest.audit.returns_called} in."
    else:
        summary += (
            f"In ‘{latest.audit.title}’, {worst.agency.name} has the smallest share in: "
            f"{rate_text(worst.responded, worst.total)}."
        )
    return BarChart(
        "Response rate by agency",
        summary,
        name="agency-response-rates",
        categories=names,
        series=series,
        maximum=100,
        tick_text=lambda value: f"{value:.0f}%",
        category_heading="Agency",
    )
