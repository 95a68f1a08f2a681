"""Across audits and years, for the whole partnership: how often each theme was
raised as a concern and as a strength, audit by audit and year by year, and
the themes that recur (ADR 0019).

What counts is a *confirmed* theme (a ``FindingTag`` of a current finding
whose themes a person has confirmed), imported past audits included, of
audits from their meeting on (``counting.counted_themes``, which the themes
page and the search use too): a cancelled audit's findings were never agreed
and count nowhere. An audit sits in time at its meeting (held, else planned), else 1
October of its programme year; it belongs to its programme year, and audits
are ordered by programme year first (``AuditPoint.order``). Three queries,
however many audits and findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from maca.core.charts import BarChart, Series, style
from maca.core.presenters import and_list
from maca.findings.counting import counted_themes
from maca.findings.models import FindingTag, Meeting, Polarity, Theme
from maca.programme.models import Audit, year_label


@dataclass
class AuditPoint:
    audit: Audit
    day: dt.date

    @property
    def year(self) -> int:
        return self.audit.programme.year

    @property
    def year_label(self) -> str:
        return self.audit.programme.label

    @property
    def order(self) -> tuple:
        """Oldest first by programme year, then by the day it sits at: an
        audit whose meeting fell in the year after its own still comes before
        the next year's audits."""
        return (self.year, self.day, self.audit.title, self.audit.pk)


@dataclass
class Counts:
    concerns: int = 0
    strengths: int = 0

    def add(self, polarity: str, n: int) -> None:
        if polarity == Polarity.CONCERN:
            self.concerns += n
        else:
            self.strengths += n

    @property
    def total(self) -> int:
        return self.concerns + self.strengths


@dataclass
class ThemeHistory:
    theme: Theme
    by_audit: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))

    @property
    def totals(self) -> Counts:
        result = Counts()
        for counts in self.by_audit.values():
            result.concerns += counts.concerns
            result.strengths += counts.strengths
        return result


@dataclass
class Recurring:
    """A theme raised as a concern in an earlier audit and again in a later one."""

    theme: Theme
    latest: AuditPoint
    earlier: list[AuditPoint]  # newest first

    @property
    def audits(self) -> int:
        return len(self.earlier) + 1

    @property
    def years(self) -> int:
        return len({point.year for point in [self.latest, *self.earlier]})


@dataclass
class Recurrence:
    points: list[AuditPoint]  # audits with a confirmed theme, oldest first
    histories: list[ThemeHistory]  # every theme raised, in the partnership's order

    @property
    def point_by_audit(self) -> dict[int, AuditPoint]:
        return {point.audit.pk: point for point in self.points}

    def history(self, theme_id: int) -> ThemeHistory | None:
        return next((h for h in self.histories if h.theme.pk == theme_id), None)

    def years(self) -> list[tuple[int, str]]:
        return sorted({(point.year, point.year_label) for point in self.points})

    def by_year(self, history: ThemeHistory) -> dict[int, Counts]:
        result: dict[int, Counts] = defaultdict(Counts)
        for audit_id, counts in history.by_audit.items():
            year = self.point_by_audit[audit_id].year
            result[year].concerns += counts.concerns
            result[year].strengths += counts.strengths
        return result

    def recurring(self) -> list[Recurring]:
        """Every theme raised as a concern in two or more audits: the latest
        audit it was raised in, and the earlier ones; the most recently raised
        first."""
        found = []
        for history in self.histories:
            points = [p for p in self.points if history.by_audit.get(p.audit.pk, Counts()).concerns]
            if len(points) >= 2:
                found.append(Recurring(history.theme, points[-1], list(reversed(points[:-1]))))
        rank = {point.audit.pk: i for i, point in enumerate(self.points)}
        return sorted(found, key=lambda r: (-rank[r.latest.audit.pk], -r.audits, r.theme.position, r.theme.name))


# Where an audit with neither a meeting held nor one planned sits in its
# programme year (``year=2026`` runs from April 2026 to March 2027): its middle.
UNDATED_MONTH, UNDATED_DAY = 10, 1


def audit_day(audit: Audit, held_on: dt.date | None) -> dt.date:
    """The day an audit sits at: its meeting held, else planned, else 1
    October of its programme year (``search.audit_day`` is the same in SQL)."""
    return held_on or audit.planned_meeting_date or dt.date(audit.programme.year, UNDATED_MONTH, UNDATED_DAY)


def recurrence(partnership, *, theme: Theme | None = None) -> Recurrence:
    """Every theme's counts (or one ``theme``'s, and only the audits it was raised in)."""
    tags = FindingTag.objects.filter(counted_themes(), partnership=partnership)
    if theme is not None:
        tags = tags.filter(theme=theme)
    rows = tags.values("theme_id", "finding__audit_id", "finding__polarity").annotate(n=Count("id")).order_by()
    histories: dict[int, ThemeHistory] = {}
    audit_ids = set()
    counted = []
    for row in rows:
        counted.append(row)
        audit_ids.add(row["finding__audit_id"])
    themes = (
        {theme.pk: theme} if theme is not None else {t.pk: t for t in Theme.objects.filter(partnership=partnership)}
    )
    for row in counted:
        history = histories.setdefault(row["theme_id"], ThemeHistory(themes[row["theme_id"]]))
        history.by_audit[row["finding__audit_id"]].add(row["finding__polarity"], row["n"])
    audits = Audit.objects.filter(partnership=partnership, pk__in=audit_ids).select_related("programme")
    held = dict(
        Meeting.objects.filter(partnership=partnership, audit_id__in=audit_ids).values_list("audit_id", "held_on")
    )
    points = sorted(
        (AuditPoint(audit, audit_day(audit, held.get(audit.pk))) for audit in audits), key=lambda p: p.order
    )
    ordered = sorted(histories.values(), key=lambda h: (h.theme.position, h.theme.name.casefold()))
    return Recurrence(points, ordered)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def themes_chart(found: Recurrence) -> BarChart:
    """Every theme's concerns and strengths over all audits, stacked."""
    histories = found.histories
    totals = [h.totals for h in histories]
    summary = f"How often each theme was confirmed on a finding, over {_plural(len(found.points), 'audit')}"
    years = found.years()
    if years:
        summary += f" from {years[0][1]} to {years[-1][1]}" if len(years) > 1 else f" in {years[0][1]}"
    summary += "."
    most = max((t.concerns for t in totals), default=0)
    if most > 0:
        # Every theme tied at the top is named, in the chart's order; none when no concern is confirmed.
        top = [h.theme.name for h, t in zip(histories, totals, strict=True) if t.concerns == most]
        each = " each" if len(top) > 1 else ""
        summary += f" Raised most often as a concern: {and_list(top)} ({_plural(most, 'time')}{each})."
    return BarChart(
        "Concerns and strengths by theme",
        summary,
        name="themes-all-audits",
        categories=[h.theme.name for h in histories],
        series=[
            Series("Concerns", [t.concerns for t in totals], style=style("red")),
            Series("Strengths", [t.strengths for t in totals], style=style("blue", pattern="diagonal")),
        ],
        stacked=True,
        totals=[str(t.total) for t in totals],
        total_heading="Findings",
        category_heading="Theme",
        table_note="The same figures are in the table ‘Each theme over the years’ below, with more about each theme.",
    )


def theme_years_chart(found: Recurrence, history: ThemeHistory) -> BarChart:
    """One theme's concerns and strengths, every programme year from the first
    it was raised in to the last (a year between without it shows none)."""
    raised = [year for year, _ in found.years()]
    years = [(year, year_label(year)) for year in range(min(raised), max(raised) + 1)]
    by_year = found.by_year(history)
    concerns = [by_year[year].concerns if year in by_year else 0 for year, _ in years]
    strengths = [by_year[year].strengths if year in by_year else 0 for year, _ in years]
    totals = history.totals
    counted = f"{history.theme.name}: {_plural(totals.concerns, 'concern')} and {_plural(totals.strengths, 'strength')}"
    if len(years) > 1:
        summary = (
            f"{counted} from {years[0][1]} to {years[-1][1]}, found in "
            f"{_plural(len(raised), 'programme year')} as a concern or a strength."
        )
    else:
        summary = f"{counted} in {years[0][1]}."
    return BarChart(
        f"{history.theme.name}, year by year",
        summary,
        name="theme-by-year",
        categories=[label for _, label in years],
        series=[
            Series("Concerns", concerns, style=style("red")),
            Series("Strengths", strengths, style=style("blue", pattern="diagonal")),
        ],
        category_heading="Programme year",
    )
