"""Chronologies without the database: checking an entry, reading a file of
entries, and building the integrated multi-agency chronology of a case.

- :func:`entry_problems` is the one list of rules for an entry, used by the
  form, by every service that writes an entry, and by the file import.
- :func:`read_upload` reads a CSV or Excel file of entries. Every bad cell is
  reported as "Row R, column ‘C’: ..." with R the spreadsheet's own row number
  (the heading row is row 1). Cells are only ever read as values: a cell that
  looks like a formula (``=``, ``+``, ``-``, ``@``) is plain text, and maca
  never evaluates an Excel formula: the cell reads as the value Excel saved with
  it (see :mod:`maca.cases.reading`).
- :func:`build_integrated` merges rows in date order and finds long gaps and
  clusters of events, in O(n log n) for n rows (the sort; the rest is linear).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from maca.cases import vocabulary
from maca.cases.reading import FileRejected, format_for, open_table
from maca.returns.models import Impact

MAX_EVENT_LENGTH = 2000
MAX_ACTION_LENGTH = 2000
MAX_SOURCE_LENGTH = 300
MIN_YEAR = 1900

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 2000
UPLOAD_EXTENSIONS = (".csv", ".xlsx")

GAP_CHOICES = (30, 60, 90, 180)
CLUSTER_DAY_CHOICES = (7, 14, 30, 60)
DEFAULT_GAP_DAYS = 90
DEFAULT_CLUSTER_DAYS = 30
DEFAULT_CLUSTER_SIZE = 3

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: dt.date) -> str:
    """``3 Jan 2026``: the same as Django's ``j M Y``, without the locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_when(date: dt.date, end_date: dt.date | None) -> str:
    """A day, or a period: ``3 Jan 2026 to 12 May 2026``."""
    if end_date and end_date != date:
        return f"{format_day(date)} to {format_day(end_date)}"
    return format_day(date)


def normalise_text(value) -> str:
    """Trimmed text with Windows and old Mac line endings as ``\\n``, so that a
    line break counts as one character, as the character count shows it."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# Checking an entry -----------------------------------------------------------------------------

IMPACT_WORDS = {
    "positive": Impact.POSITIVE,
    "pos": Impact.POSITIVE,
    "+": Impact.POSITIVE,
    "negative": Impact.NEGATIVE,
    "neg": Impact.NEGATIVE,
    "-": Impact.NEGATIVE,
    "neutral": Impact.NEUTRAL,
    "neu": Impact.NEUTRAL,
    "0": Impact.NEUTRAL,
}

# What an entry's date is called: the form's label, its error messages and the
# file's (one definition, so that no page names it another way).
DATE_LABEL = "Date of the event"

LABELS = {
    "date": f"the {DATE_LABEL[:1].lower()}{DATE_LABEL[1:]}",
    "end_date": "the end date",
    "event": "the significant event",
    "source": "the source",
    "action_taken": "the action taken",
    "impact": "the impact on the child",
}
LIMITS = {"event": MAX_EVENT_LENGTH, "source": MAX_SOURCE_LENGTH, "action_taken": MAX_ACTION_LENGTH}


def parse_impact(raw) -> str | None:
    """``positive``, ``negative`` or ``neutral`` from a word, an abbreviation
    or a sign, in any case; ``None`` if it is none of them."""
    return IMPACT_WORDS.get(vocabulary.text(raw).casefold())


def too_long_message(field_name: str, length: int | None = None) -> str:
    limit = LIMITS[field_name]
    message = f"{LABELS[field_name].capitalize()} must be {limit:,} characters or fewer"
    if length is not None:
        message += f" (it has {length:,})"
    return message


def entry_problems(
    *,
    date: dt.date | None,
    end_date: dt.date | None,
    event: str,
    source: str,
    impact: str | None,
    action_taken: str,
    today: dt.date,
) -> dict[str, str]:
    """``{field: message}`` for each rule an entry breaks (empty when it is fine)."""
    problems: dict[str, str] = {}
    if date is None:
        problems["date"] = f"Enter {LABELS['date']}"
    elif date > today:
        problems["date"] = f"{DATE_LABEL} must be today or in the past"
    elif date.year < MIN_YEAR:
        problems["date"] = f"{DATE_LABEL} must be in {MIN_YEAR} or later"
    if end_date is not None:
        if end_date > today:
            problems["end_date"] = "The end date must be today or in the past"
        elif date is not None and end_date < date:
            problems["end_date"] = f"The end date must be the same as or after {LABELS['date']}"
    if not event:
        problems["event"] = "Enter the significant event"
    for name, value in (("event", event), ("source", source), ("action_taken", action_taken)):
        if value and len(value) > LIMITS[name]:
            problems[name] = too_long_message(name, len(value))
    if impact not in Impact.values:
        problems["impact"] = "Select whether the impact on the child was positive, negative or neutral"
    return problems


# Reading a file of entries ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as in the template
    names: frozenset[str]
    required: bool


COLUMNS = (
    Column("date", "Date", frozenset({"date", "start date", "date of event", "event date"}), True),
    Column("end_date", "End date (optional)", frozenset({"end date"}), False),
    Column("event", "Significant event", frozenset({"event", "significant event"}), True),
    Column("source", "Source", frozenset({"source"}), False),
    Column("impact", "Impact on the child", frozenset({"impact", "impact on the child", "impact on child"}), True),
    Column("action_taken", "Action taken", frozenset({"action", "action taken", "actions taken"}), False),
)
TEMPLATE_HEADINGS = [column.heading for column in COLUMNS]
TEMPLATE_EXAMPLE = [
    "14/02/2025",
    "",
    "Health visitor's home visit: home conditions poor; mother says she is struggling. (Made-up example: "
    "delete this row before uploading.)",
    "Health visiting record",
    "Negative",
    "Request for support sent to early help",
]


def _heading_key(heading: str) -> str:
    """``"End date (optional)"`` -> ``"end date"``; ``"Impact_on_the_child"`` -> ``"impact on the child"``."""
    words = re.sub(r"\(optional\)", " ", heading.casefold())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", words).split())


class UploadRejected(ValueError):
    """A file of entries that cannot be added. ``problems`` are sentences for the uploader."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems[:3]))


@dataclass(frozen=True)
class EntryValues:
    """One entry as read from a file, checked."""

    row: int
    date: dt.date
    end_date: dt.date | None
    event: str
    source: str
    impact: str
    action_taken: str

    @property
    def identity(self) -> tuple:
        return identity(
            date=self.date,
            end_date=self.end_date,
            event=self.event,
            source=self.source,
            impact=self.impact,
            action_taken=self.action_taken,
        )


def check_file(filename: str, size: int | None) -> None:
    """The type and size, before anything is read."""
    name = (filename or "").lower()
    if not name.endswith(UPLOAD_EXTENSIONS):
        raise UploadRejected(["The selected file must be a CSV or an Excel workbook (.xlsx)"])
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRejected([f"The selected file must be {MAX_UPLOAD_BYTES // (1024 * 1024)} MB or smaller"])


def map_columns(headers: Sequence[str]) -> dict[str, str]:
    """``{key: heading as in the file}``. Headings are matched without regard to
    case, spaces or punctuation; unknown columns are ignored."""
    found: dict[str, str] = {}
    problems = []
    by_name = {name: column for column in COLUMNS for name in column.names}
    for heading in headers:
        column = by_name.get(_heading_key(heading))
        if column is None:
            continue
        if column.key in found:
            problems.append(
                f"The columns ‘{found[column.key]}’ and ‘{heading}’ both hold {LABELS[column.key]}: "
                "keep only one of them"
            )
            continue
        found[column.key] = heading
    for column in COLUMNS:
        if column.required and column.key not in found:
            problems.append(f"The file must have a column headed ‘{column.heading}’")
    if problems:
        raise UploadRejected(problems)
    return found


def _cell_message(row: int, heading: str, message: str) -> str:
    return f"Row {row}, column ‘{heading}’: {message[:1].lower()}{message[1:]}"


def _cell_date(raw) -> dt.date | None:
    """A date from an Excel date cell or DD/MM/YYYY, D/M/YYYY or YYYY-MM-DD text.

    Text starting with ``=``, ``+``, ``-`` or ``@`` matches none of these, so a
    formula is simply an invalid date."""
    try:
        return vocabulary.date(raw)
    except ValueError as error:
        message = str(error)
        if "form" in message:
            message = "Enter a date in the form DD/MM/YYYY (for example, 27/3/2025) or YYYY-MM-DD"
        raise ValueError(message) from None


def identity(
    *, date: dt.date, end_date: dt.date | None, event: str, source: str, impact: str, action_taken: str
) -> tuple:
    """What makes two entries the same entry: every field an entry has, its
    texts trimmed (:func:`normalise_text`), and a period ending on its own
    first day the same as that day. An upload adds no row that is the same
    as an entry already in the chronology (``chronology_services.chronology_import``)."""
    return (
        date,
        None if end_date == date else end_date,
        normalise_text(event),
        normalise_text(source),
        impact,
        normalise_text(action_taken),
    )


def read_rows(headers: Sequence[str], rows: Iterable[tuple[int, dict]], *, today: dt.date) -> list[EntryValues]:
    """Check every row; raise :class:`UploadRejected` listing every bad cell, or
    return the entries."""
    columns = map_columns(headers)
    heading = {column.key: columns.get(column.key, column.heading) for column in COLUMNS}
    problems: list[str] = []
    entries: list[EntryValues] = []
    count = 0
    for number, values in rows:
        count += 1
        if count > MAX_UPLOAD_ROWS:
            raise UploadRejected([f"The file must have no more than {MAX_UPLOAD_ROWS:,} rows of entries"])
        cells = {key: values.get(name) for key, name in columns.items()}
        row_problems: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for key in ("date", "end_date"):
            try:
                dates[key] = _cell_date(cells.get(key))
            except ValueError as error:
                dates[key] = None
                row_problems[key] = str(error)
        texts = {key: normalise_text(vocabulary.text(cells.get(key))) for key in ("event", "source", "action_taken")}
        impact_text = vocabulary.text(cells.get("impact"))
        impact = parse_impact(impact_text)
        checked = entry_problems(
            date=dates["date"],
            end_date=dates["end_date"],
            event=texts["event"],
            source=texts["source"],
            impact=impact,
            action_taken=texts["action_taken"],
            today=today,
        )
        for key, message in checked.items():
            row_problems.setdefault(key, message)
        if "impact" in row_problems:
            row_problems["impact"] = (
                "Enter the impact on the child: positive, negative or neutral"
                if not impact_text
                else "Enter positive, negative or neutral (or +, - or 0)"
            )
        if row_problems:
            for column in COLUMNS:
                if column.key in row_problems:
                    problems.append(_cell_message(number, heading[column.key], row_problems[column.key]))
            continue
        entries.append(
            EntryValues(
                row=number,
                date=dates["date"],
                end_date=dates["end_date"],
                event=texts["event"],
                source=texts["source"],
                impact=impact,
                action_taken=texts["action_taken"],
            )
        )
    if problems:
        raise UploadRejected(problems)
    if not entries:
        raise UploadRejected(["The file has no entries: add one row for each event, under the headings"])
    return entries


def read_upload(filename: str, content: bytes, *, today: dt.date) -> tuple[str, list[EntryValues]]:
    """``(format, entries)`` from the bytes of an uploaded CSV or Excel file."""
    check_file(filename, len(content))
    try:
        fmt = format_for(filename, content)
        table = open_table(content, fmt)
        rows = ((number, dict(zip(table.headers, record, strict=True))) for number, record in table.rows)
        return fmt, read_rows(table.headers, rows, today=today)
    except FileRejected as error:
        # One cell (an unclosed quote mark, a NUL character, an over-long
        # cell): named as every other cell problem is.
        if error.row and error.column:
            raise UploadRejected([_cell_message(error.row, error.column, str(error))]) from None
        raise UploadRejected([str(error)]) from None


def template_rows() -> list[list[str]]:
    return [TEMPLATE_HEADINGS, TEMPLATE_EXAMPLE]


# The integrated chronology ---------------------------------------------------------------------

REFERRAL = re.compile(r"referr|requests? for support|requested support", re.IGNORECASE)


@dataclass(frozen=True)
class ChronologyRow:
    """One entry of the integrated chronology, with its agency's name."""

    pk: int
    date: dt.date
    end_date: dt.date | None
    agency_id: int
    agency_name: str
    event: str
    source: str
    impact: str
    action_taken: str

    @property
    def last_day(self) -> dt.date:
        return max(self.date, self.end_date) if self.end_date else self.date

    @property
    def mentions_referral(self) -> bool:
        return bool(REFERRAL.search(self.event))


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def describe_length(start: dt.date, end: dt.date) -> str:
    """``45 days``, ``4 months``, ``1 year and 2 months``."""
    days = (end - start).days
    months = _months_between(start, end)
    if months >= 12:
        years, rest = divmod(months, 12)
        text = f"{years} year{'s' if years != 1 else ''}"
        if rest:
            text += f" and {rest} month{'s' if rest != 1 else ''}"
        return text
    if months >= 2:
        return f"{months} months"
    return f"{days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class Gap:
    """No event recorded from ``start`` (the last day covered) to ``end`` (the next event)."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def description(self) -> str:
        return (
            f"No recorded event for {describe_length(self.start, self.end)} "
            f"({format_day(self.start)} to {format_day(self.end)})"
        )


@dataclass(frozen=True)
class Cluster:
    """``count`` events from ``first`` to ``last`` (rows ``start`` to ``stop - 1``)."""

    number: int
    start: int
    stop: int
    first: dt.date
    last: dt.date
    agencies: int
    referrals: int

    @property
    def count(self) -> int:
        return self.stop - self.start

    @property
    def days(self) -> int:
        return (self.last - self.first).days

    @property
    def is_repeated_referrals(self) -> bool:
        return self.referrals >= 2

    @property
    def label(self) -> str:
        return "Repeated referrals" if self.is_repeated_referrals else "Cluster of events"

    @property
    def description(self) -> str:
        when = "on one day" if self.days == 0 else f"in {self.days} day{'s' if self.days != 1 else ''}"
        agencies = f"{self.agencies} agenc{'ies' if self.agencies != 1 else 'y'}"
        return f"{self.count} events {when}, from {agencies}"


def sort_rows(rows: Iterable[ChronologyRow]) -> list[ChronologyRow]:
    """Date order; on the same day by agency name, then the order they were added."""
    return sorted(rows, key=lambda row: (row.date, row.agency_name.casefold(), row.pk))


def find_gaps(rows: Sequence[ChronologyRow], gap_days: int) -> dict[int, Gap]:
    """``{index of the row after the gap: gap}`` for every stretch of more than
    ``gap_days`` with nothing recorded. A period covers the days up to its end.
    ``rows`` must be sorted."""
    gaps: dict[int, Gap] = {}
    if not rows:
        return gaps
    covered = rows[0].last_day
    for index in range(1, len(rows)):
        row = rows[index]
        if (row.date - covered).days > gap_days:
            gaps[index] = Gap(covered, row.date)
        if row.last_day > covered:
            covered = row.last_day
    return gaps


def find_clusters(rows: Sequence[ChronologyRow], window_days: int, min_size: int) -> list[Cluster]:
    """Runs of at least ``min_size`` events whose dates lie within ``window_days``
    of the run's first event. Taken greedily from the earliest, without overlap,
    so each event belongs to at most one cluster. ``rows`` must be sorted; two
    pointers make this linear."""
    clusters: list[Cluster] = []
    n = len(rows)
    start = 0
    end = 0  # the last index within the window of rows[start]
    while start < n:
        end = max(end, start)
        while end + 1 < n and (rows[end + 1].date - rows[start].date).days <= window_days:
            end += 1
        size = end - start + 1
        if size >= min_size:
            members = rows[start : end + 1]
            clusters.append(
                Cluster(
                    number=len(clusters) + 1,
                    start=start,
                    stop=end + 1,
                    first=members[0].date,
                    last=members[-1].date,
                    agencies=len({row.agency_id for row in members}),
                    referrals=sum(1 for row in members if row.mentions_referral),
                )
            )
            start = end + 1
        else:
            start += 1
    return clusters


@dataclass(frozen=True)
class Item:
    """A line of the integrated chronology: an entry, a gap before the next
    entry, or the heading of a cluster."""

    kind: str  # "entry", "gap" or "cluster"
    row: ChronologyRow | None = None
    gap: Gap | None = None
    cluster: Cluster | None = None


@dataclass
class IntegratedChronology:
    rows: list[ChronologyRow]
    items: list[Item]
    gaps: list[Gap]
    clusters: list[Cluster]
    by_agency: list[tuple[str, int]]
    by_impact: list[tuple[str, str, int]]  # (value, label, count)
    gap_days: int
    cluster_days: int
    cluster_size: int

    @property
    def entry_count(self) -> int:
        return len(self.rows)


def build_integrated(
    rows: Iterable[ChronologyRow],
    *,
    gap_days: int = DEFAULT_GAP_DAYS,
    cluster_days: int = DEFAULT_CLUSTER_DAYS,
    cluster_size: int = DEFAULT_CLUSTER_SIZE,
) -> IntegratedChronology:
    ordered = sort_rows(rows)
    gaps = find_gaps(ordered, gap_days)
    clusters = find_clusters(ordered, cluster_days, cluster_size)
    cluster_at = {cluster.start: cluster for cluster in clusters}
    in_cluster: dict[int, Cluster] = {}
    for cluster in clusters:
        for index in range(cluster.start, cluster.stop):
            in_cluster[index] = cluster
    items: list[Item] = []
    for index, row in enumerate(ordered):
        if index in gaps:
            items.append(Item("gap", gap=gaps[index]))
        if index in cluster_at:
            items.append(Item("cluster", cluster=cluster_at[index]))
        items.append(Item("entry", row=row, cluster=in_cluster.get(index)))
    agencies = Counter(row.agency_name for row in ordered)
    impacts = Counter(row.impact for row in ordered)
    return IntegratedChronology(
        rows=ordered,
        items=items,
        gaps=[gaps[index] for index in sorted(gaps)],
        clusters=clusters,
        by_agency=sorted(agencies.items(), key=lambda pair: pair[0].casefold()),
        by_impact=[(value, label, impacts.get(value, 0)) for value, label in Impact.choices],
        gap_days=gap_days,
        cluster_days=cluster_days,
        cluster_size=cluster_size,
    )
