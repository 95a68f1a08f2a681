"""Counting across returns: "48 of 56 cases met good", "44 of 60 cases
evidenced health in decision-making", returns received by agency.

Only returns the agency has submitted (or the QA officer has accepted) count:
drafts may be half done.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from maca.partnerships.presenters import agency_name
from maca.returns import figures
from maca.returns.models import Return
from maca.tools.models import GradingScale, Question, QuestionKind


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
class Summary:
    received: list[tuple[str, int, int]]  # (agency, responded, total)
    grades: list[GradeCount]
    yes_no: list[YesNoCount]
    numbers: list[tuple[str, dict[str, int]]]  # (question text, {agency: value}) for summative reports
    standard_met: list[tuple[str, int, int]]  # (agency, cases meeting the standard, cases audited)
    counted: int


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


def summarise(returns: list[Return], *, agencies: dict) -> Summary:
    """``returns``: the audit's live returns with ``agency`` loaded;
    ``agencies``: every agency of the partnership by id. Returns received are
    counted as the response grid counts them (:mod:`maca.returns.figures`):
    a sub-unit's under the agency at the top of its tree. Grades and answers
    are each return's own agency's, a sub-unit named with the agency at the
    top of its tree ("Abbey Lane Surgery (Wyvernshire ICB)", as every page
    names it: ``partnerships.presenters.agency_name``), so that a table of
    grades is read beside the returns received."""
    agencies = figures.with_parents(agencies)
    parents = {pk: agency.parent_id for pk, agency in agencies.items()}

    received: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for return_record in returns:
        counts = received[agencies[figures.top_level(return_record.agency_id, parents)].name]
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
    numbers: dict[str, dict[str, int]] = {k: {} for (k, kind), q in tables.items() if kind == QuestionKind.NUMBER}
    number_questions = {k: q for (k, kind), q in tables.items() if kind == QuestionKind.NUMBER}
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
        agency = agency_name(agencies.get(return_record.agency_id) or return_record.agency)
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
            elif kind == QuestionKind.NUMBER and key in numbers and isinstance(value, int):
                numbers[key][agency] = numbers[key].get(agency, 0) + value
    standard_met = []
    if "cases_meeting_standard" in numbers and "cases_audited" in numbers:
        for agency, audited in sorted(numbers["cases_audited"].items()):
            standard_met.append((agency, numbers["cases_meeting_standard"].get(agency, 0), audited))
    return Summary(
        received=sorted(((agency, c[0], c[1]) for agency, c in received.items()), key=lambda r: r[0].lower()),
        grades=list(grades.values()),
        yes_no=list(yes_no.values()),
        numbers=[(number_questions[k].text, v) for k, v in numbers.items()],
        standard_met=standard_met,
        counted=len(counted),
    )
