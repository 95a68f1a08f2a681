"""Counting across returns: "48 of 56 cases met good", "44 of 60 cases
evidenced health in decision-making", how many returns chose each choice of a
choice question, the numbers agencies gave, returns received by agency. Every
answer is counted agency by agency and for all agencies together
(``ALL_AGENCIES``, the last row of each table of the counts page and its
download).

Only returns the agency has submitted (or the QA officer has accepted) count:
drafts may be half done.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from maca.core.presenters import and_list
from maca.partnerships.presenters import agency_name
from maca.programme.models import AuditKind, returns_called
from maca.returns import figures
from maca.returns.models import Return
from maca.tools.models import GradingScale, Question, QuestionKind
from maca.tools.services import CHOICE_KINDS

ALL_AGENCIES = "All agencies"
# A deep dive's table of the cases meeting the standard, on the page and in its download.
STANDARD_MET_CAPTION = "Cases meeting the standard (from agencies’ summative reports)"


@dataclass
class GradeCount:
    question: Question
    by_agency: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    met_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def met(self) -> int:
        return sum(self.met_by_agency.values())

    @property
    def answered(self) -> int:
        return sum(self.answered_by_agency.values())

    @property
    def overall(self) -> Counter:
        total: Counter = Counter()
        for counts in self.by_agency.values():
            total.update(counts)
        return total


@dataclass
class YesNoCount:
    question: Question
    yes_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    not_applicable: int = 0

    @property
    def yes(self) -> int:
        return sum(self.yes_by_agency.values())

    @property
    def answered(self) -> int:
        return sum(self.answered_by_agency.values())


@dataclass
class ChoiceCount:
    """A single- or multiple-choice question: how many returns chose each
    choice, of the returns that answered it, agency by agency (each return's
    own agency, named as the grades name it) and across all agencies. A
    return may tick several choices of a multiple-choice question, so the
    counts need not add up to the returns answering.

    ``choices`` are the table's columns, in the form's order: the choices of
    the newest version asking the question, then any choice only an earlier
    version offered, said so ("Cooking (only in version 1)"): a choice a later
    version renamed or dropped is counted on its own, never under another
    choice. The same words in two versions are the same choice, one column
    (as a grade level with the same label is one column)."""

    question: Question
    choices: list[str] = field(default_factory=list)
    chosen_by_agency: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    answered_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def several(self) -> bool:
        return self.question.kind == QuestionKind.MULTIPLE_CHOICE

    @property
    def agencies(self) -> list[str]:
        """The agencies whose returns answered, in the order of the grades' rows."""
        return sorted(self.answered_by_agency)

    @property
    def chosen(self) -> Counter:
        total: Counter = Counter()
        for counts in self.chosen_by_agency.values():
            total.update(counts)
        return total

    @property
    def answered(self) -> int:
        return sum(self.answered_by_agency.values())

    def counts_of(self, agency: str) -> list[int]:
        """The returns of ``agency`` choosing each choice, in column order."""
        chosen = self.chosen_by_agency.get(agency, Counter())
        return [chosen[choice] for choice in self.choices]

    @property
    def overall(self) -> list[int]:
        """The returns of every agency choosing each choice, in column order."""
        chosen = self.chosen
        return [chosen[choice] for choice in self.choices]


@dataclass
class NumberCount:
    """A number question: the returns that gave a number, their total, the
    smallest and the largest, agency by agency and across all agencies (each
    agency's total is also the deep dive's "cases meeting the standard").
    ``figures_of(agency)`` and ``figures`` are those the counts page and its
    download show, under ``Summary.number_headings``."""

    # After the column of how many answered (``Summary.number_headings``).
    HEADINGS: ClassVar[tuple[str, ...]] = ("Total", "Smallest", "Largest")

    question: Question
    total_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered_by_agency: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    smallest_by_agency: dict[str, int] = field(default_factory=dict)
    largest_by_agency: dict[str, int] = field(default_factory=dict)

    @property
    def agencies(self) -> list[str]:
        """The agencies whose returns gave a number, in the order of the grades' rows."""
        return sorted(self.answered_by_agency)

    @property
    def total(self) -> int:
        return sum(self.total_by_agency.values())

    @property
    def answered(self) -> int:
        return sum(self.answered_by_agency.values())

    @property
    def smallest(self) -> int | None:
        return min(self.smallest_by_agency.values(), default=None)

    @property
    def largest(self) -> int | None:
        return max(self.largest_by_agency.values(), default=None)

    @property
    def figures(self) -> tuple[int, int, int | None, int | None]:
        return (self.answered, self.total, self.smallest, self.largest)

    def figures_of(self, agency: str) -> tuple[int, int, int | None, int | None]:
        return (
            self.answered_by_agency.get(agency, 0),
            self.total_by_agency.get(agency, 0),
            self.smallest_by_agency.get(agency),
            self.largest_by_agency.get(agency),
        )

    def add(self, agency: str, value: int) -> None:
        self.total_by_agency[agency] += value
        self.answered_by_agency[agency] += 1
        smallest, largest = self.smallest_by_agency.get(agency), self.largest_by_agency.get(agency)
        self.smallest_by_agency[agency] = value if smallest is None else min(smallest, value)
        self.largest_by_agency[agency] = value if largest is None else max(largest, value)


@dataclass
class Summary:
    received: list[tuple[str, int, int]]  # (agency, responded, total)
    grades: list[GradeCount]
    yes_no: list[YesNoCount]
    numbers: list[NumberCount]
    standard_met: list[tuple[str, int, int]]  # (agency, cases meeting the standard, cases audited)
    counted: int
    choices: list[ChoiceCount] = field(default_factory=list)
    # Every return counted is a deep dive's summative report (one an agency,
    # across its cases): a grade's "met the standard" counts reports, not cases.
    summative: bool = False

    @property
    def received_caption(self) -> str:
        """The first table's caption: what was received ("Summative reports received")."""
        return f"{returns_called(AuditKind.DEEP_DIVE if self.summative else AuditKind.THEMED).capitalize()} received"

    @property
    def met_heading(self) -> str:
        """The grade tables' column of answers meeting the standard."""
        return "Reports meeting the standard" if self.summative else "Met the standard"

    @property
    def yes_heading(self) -> str:
        """The yes/no tables' column of answers "yes"."""
        return "Reports answering yes" if self.summative else "Cases answering yes"

    @property
    def answering_heading(self) -> str:
        """The number and choice tables' column of how many answered: summative
        reports, where every return counted is one, as the grades' columns say."""
        return "Reports answering" if self.summative else "Returns answering"

    def answering(self, count: ChoiceCount) -> str:
        """The words the counts page and its download head the returns
        answering a choice question with (after a column for each choice)."""
        if count.several:
            one = "a report" if self.summative else "a return"
            return f"{self.answering_heading} ({one} may tick several)"
        return self.answering_heading

    @property
    def number_headings(self) -> tuple[str, ...]:
        """The number tables' columns after the agency (``NumberCount.figures``)."""
        return (self.answering_heading, *NumberCount.HEADINGS)

    @property
    def standard_met_overall(self) -> tuple[int, int]:
        """All agencies' cases meeting the standard and cases audited (summative reports)."""
        return sum(met for _, met, _ in self.standard_met), sum(audited for _, _, audited in self.standard_met)


@dataclass(frozen=True)
class ReturnQuestions:
    """The questions of every tool version some returns use, read in one query.
    A key names the same question in every version (keys are stable), but a
    later version may word it differently, grade it on another scale or ask it
    as another kind: each return's answer is read against its own version's
    question (``own``), and a table is headed by the newest wording (``newest``)."""

    newest: dict[str, Question]  # key: the newest version's question, in form order
    by_version: dict[int, list[Question]]  # tool_version_id: its questions in form order, newest version first

    @cached_property
    def _by_version_and_key(self) -> dict[tuple[int, str], Question]:
        return {(q.section.version_id, q.key): q for questions in self.by_version.values() for q in questions}

    def own(self, return_record: Return, key: str) -> Question | None:
        """The question ``key`` of the version ``return_record`` was answered on."""
        return self._by_version_and_key.get((return_record.tool_version_id, key))


def questions_of_returns(returns: list[Return]) -> ReturnQuestions:
    version_ids = {r.tool_version_id for r in returns}
    questions = (
        Question.objects.filter(section__version_id__in=version_ids)
        .select_related("scale", "section__version")
        .order_by("-section__version__number", "section__position", "position")
    )
    newest: dict[str, Question] = {}
    by_version: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        newest.setdefault(question.key, question)
        by_version[question.section.version_id].append(question)
    ordered = dict(sorted(newest.items(), key=lambda item: (item[1].section.position, item[1].position)))
    return ReturnQuestions(newest=ordered, by_version=dict(by_version))


def _levels_across(question: Question, scales: list[GradingScale]) -> tuple[Question, dict]:
    """A grade question answered on more than one scale (a later version graded
    it on another) is counted in one table: its columns are every level of
    those scales, the newest version's first, a level with the same label
    counted in one column. Returns the question to head the table (a copy,
    whose scale holds those levels; never saved) and, for each
    ``(scale id, value)``, the column its answers are counted in."""
    columns: dict[str, dict] = {}  # label: the column's level
    column_of: dict[tuple[int, str], str] = {}
    for scale in scales:
        for level in scale.levels:
            column = columns.get(level["label"])
            if column is None:
                value = str(level["value"])
                if any(c["value"] == value for c in columns.values()):  # the same value, another label
                    value = f"{scale.pk}:{value}"
                column = columns[level["label"]] = {**level, "value": value}
            column_of[(scale.pk, str(level["value"]))] = column["value"]
    shown = copy.copy(question)
    shown.scale = GradingScale(name=question.scale.name, levels=list(columns.values()))
    return shown, column_of


def _choices_across(question: Question, asked: list[Question]) -> tuple[list[str], dict[tuple[int, str], str]]:
    """The choices a choice question's table counts, each a column (see
    :class:`ChoiceCount`), and, for each ``(tool version id, choice)``, the
    one its answers count in.
    ``question`` heads the table (the newest version's); ``asked``: the
    question in every version of the returns counted, newest first."""
    versions: dict[str, list[int]] = {}  # choice: the numbers of the versions offering it
    for own in asked:
        for choice in own.choices or []:
            versions.setdefault(choice, []).append(own.section.version.number)
    newest = list(question.choices or [])
    rows = list(newest)
    row_of: dict[tuple[int, str], str] = {}
    for choice, numbers in versions.items():
        if choice in newest:
            row = choice
        else:
            numbers = sorted(set(numbers))
            plural = "s" if len(numbers) > 1 else ""
            row = f"{choice} (only in version{plural} {and_list(str(n) for n in numbers)})"
            rows.append(row)
        for own in asked:
            if choice in (own.choices or []):
                row_of[(own.section.version_id, choice)] = row
    return rows, row_of


def summarise(returns: list[Return], *, agencies: dict) -> Summary:
    """``returns``: the audit's live returns with ``agency`` loaded;
    ``agencies``: every agency of the partnership by id. Returns received,
    grades and answers are each return's own agency's, a sub-unit named with
    the agency at the top of its tree ("Abbey Lane Surgery (Wyvernshire ICB)",
    as every page names it: ``partnerships.presenters.agency_name``), so that
    a table of grades is read beside the returns received, row by row. (The
    response grid, :mod:`maca.returns.figures`, counts a sub-unit's returns
    under the agency at the top of its tree: its row for that agency is the sum
    of this table's rows named with it.)"""
    agencies = figures.with_parents(agencies)

    def name_of(return_record) -> str:
        return agency_name(agencies.get(return_record.agency_id) or return_record.agency)

    received: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for return_record in returns:
        counts = received[name_of(return_record)]
        counts[1] += 1
        counts[0] += figures.is_in(return_record.status)
    counted = [r for r in returns if figures.is_in(r.status)]
    found = questions_of_returns(counted) if counted else ReturnQuestions({}, {})
    # A table for each key and kind, headed by the newest version's question of that kind.
    tables: dict[tuple[str, str], Question] = {}
    for questions in found.by_version.values():
        for question in questions:
            tables.setdefault((question.key, question.kind), question)
    tables = dict(sorted(tables.items(), key=lambda item: (item[1].section.position, item[1].position)))
    grades = {k: GradeCount(q) for (k, kind), q in tables.items() if kind == QuestionKind.GRADE}
    yes_no = {k: YesNoCount(q) for (k, kind), q in tables.items() if kind == QuestionKind.YES_NO}
    numbers = {k: NumberCount(q) for (k, kind), q in tables.items() if kind == QuestionKind.NUMBER}
    choices = {(k, kind): ChoiceCount(q) for (k, kind), q in tables.items() if kind in CHOICE_KINDS}
    row_of: dict[tuple[str, str], dict] = {}
    for (key, kind), count in choices.items():
        asked = [q for questions in found.by_version.values() for q in questions if (q.key, q.kind) == (key, kind)]
        count.choices, row_of[(key, kind)] = _choices_across(count.question, asked)
    column_of: dict[str, dict] = {}
    for key, count in grades.items():
        scales = {}
        for questions in found.by_version.values():
            for question in questions:
                if question.key == key and question.kind == QuestionKind.GRADE and question.scale_id:
                    scales.setdefault(question.scale_id, question.scale)
        if len(scales) > 1 and count.question.scale_id:
            count.question, column_of[key] = _levels_across(count.question, list(scales.values()))
    for return_record in counted:
        agency = name_of(return_record)
        for key, value in return_record.answers.items():
            own = found.own(return_record, key)
            kind = own.kind if own is not None else None
            if kind == QuestionKind.GRADE and key in grades and value not in (None, ""):
                count = grades[key]
                column = column_of.get(key, {}).get((own.scale_id, str(value)), str(value))
                count.by_agency[agency][column] += 1
                count.answered_by_agency[agency] += 1
                # Met the standard on the scale this return was graded on.
                if own.scale and own.scale.meets_standard(value):
                    count.met_by_agency[agency] += 1
            elif kind == QuestionKind.YES_NO and key in yes_no and value:
                count = yes_no[key]
                if value == "n/a":
                    count.not_applicable += 1
                else:
                    count.answered_by_agency[agency] += 1
                    count.yes_by_agency[agency] += value == "yes"
            elif kind == QuestionKind.NUMBER and key in numbers and type(value) is int:  # not True or False
                numbers[key].add(agency, value)
            elif kind in CHOICE_KINDS and (key, kind) in choices and value not in (None, "", []):
                count = choices[(key, kind)]
                chosen = value if isinstance(value, list) else [value]
                rows = row_of[(key, kind)]
                for choice in dict.fromkeys(str(c) for c in chosen):
                    # An answer that is none of its version's choices (never saved
                    # through a form) is counted apart, said so, never under a choice.
                    row = rows.get((return_record.tool_version_id, choice)) or f"{choice} (not one of the choices)"
                    if row not in count.choices:
                        count.choices.append(row)
                    count.chosen_by_agency[agency][row] += 1
                count.answered_by_agency[agency] += 1
    standard_met = []
    if "cases_meeting_standard" in numbers and "cases_audited" in numbers:
        met = numbers["cases_meeting_standard"].total_by_agency
        for agency, audited in sorted(numbers["cases_audited"].total_by_agency.items()):
            standard_met.append((agency, met.get(agency, 0), audited))
    return Summary(
        received=sorted(((agency, c[0], c[1]) for agency, c in received.items()), key=lambda r: r[0].lower()),
        grades=list(grades.values()),
        yes_no=list(yes_no.values()),
        numbers=list(numbers.values()),
        standard_met=standard_met,
        counted=len(counted),
        choices=list(choices.values()),
        summative=bool(counted) and all(r.audit_case_id is None for r in counted),
    )
