"""Counting across returns: "48 of 56 cases met good", "44 of 60 cases
evidenced health in decision-making", returns received by agency.

Only returns the agency has submitted (or the QA officer has accepted) count:
drafts may be half done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from maca.partnerships.presenters import agency_name
from maca.returns import figures
from maca.returns.models import Return
from maca.tools.models import Question, QuestionKind


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


def questions_by_key(returns: list[Return]) -> dict[str, Question]:
    """The questions of every tool version the returns use, the newest version's
    wording first (keys are stable across versions)."""
    version_ids = {r.tool_version_id for r in returns}
    questions = (
        Question.objects.filter(section__version_id__in=version_ids)
        .select_related("scale", "section__version")
        .order_by("-section__version__number", "section__position", "position")
    )
    found: dict[str, Question] = {}
    for question in questions:
        found.setdefault(question.key, question)
    return dict(sorted(found.items(), key=lambda item: (item[1].section.position, item[1].position)))


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
    questions = questions_by_key(counted) if counted else {}
    grades = {k: GradeCount(q) for k, q in questions.items() if q.kind == QuestionKind.GRADE}
    yes_no = {k: YesNoCount(q) for k, q in questions.items() if q.kind == QuestionKind.YES_NO}
    numbers: dict[str, dict[str, int]] = {k: {} for k, q in questions.items() if q.kind == QuestionKind.NUMBER}
    for return_record in counted:
        agency = agency_name(agencies.get(return_record.agency_id) or return_record.agency)
        for key, value in return_record.answers.items():
            if key in grades and value not in (None, ""):
                count = grades[key]
                count.by_agency[agency][str(value)] += 1
                count.answered_by_agency[agency] += 1
                if count.question.scale and count.question.scale.meets_standard(value):
                    count.met_by_agency[agency] += 1
            elif key in yes_no and value:
                count = yes_no[key]
                if value == "n/a":
                    count.not_applicable += 1
                else:
                    count.answered_by_agency[agency] += 1
                    count.yes_by_agency[agency] += value == "yes"
            elif key in numbers and isinstance(value, int):
                numbers[key][agency] = numbers[key].get(agency, 0) + value
    standard_met = []
    if "cases_meeting_standard" in numbers and "cases_audited" in numbers:
        for agency, audited in sorted(numbers["cases_audited"].items()):
            standard_met.append((agency, numbers["cases_meeting_standard"].get(agency, 0), audited))
    return Summary(
        received=sorted(((agency, c[0], c[1]) for agency, c in received.items()), key=lambda r: r[0].lower()),
        grades=list(grades.values()),
        yes_no=list(yes_no.values()),
        numbers=[(questions[k].text, v) for k, v in numbers.items()],
        standard_met=standard_met,
        counted=len(counted),
    )
