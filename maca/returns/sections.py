"""A return answered section by section: where each section stands.

The one definition of a section's status, used by the task list, the check
answers page and their tests (see docs/adr/0013-return-task-list-and-check-answers.md):

- "Not yet started": no question of the section is answered;
- "Completed": every required question is answered (and, in a section with no
  required question, at least one is);
- "In progress": anything in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from maca.tools.models import Question, Section, ToolVersion
from maca.tools.selectors import sections_with_questions

COMPLETED = "completed"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
STATUS_LABELS = {COMPLETED: "Completed", IN_PROGRESS: "In progress", NOT_STARTED: "Not yet started"}


def _answered(value) -> bool:
    return value not in (None, "", [])


@dataclass(frozen=True)
class SectionState:
    number: int  # 1-based position in the tool version: the section's address in the return
    section: Section
    questions: list[Question]
    answered: int
    missing: list[Question]  # required questions not yet answered

    @property
    def keys(self) -> set[str]:
        return {question.key for question in self.questions}

    @property
    def status(self) -> str:
        if self.answered == 0 and self.questions:
            return NOT_STARTED
        if self.missing:
            return IN_PROGRESS
        return COMPLETED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def section_states(version: ToolVersion, answers: dict) -> list[SectionState]:
    """Every section of the version, in order, with how far its answers go."""
    answers = answers or {}
    states = []
    for number, section in enumerate(sections_with_questions(version), start=1):
        questions = list(section.questions.all())
        states.append(
            SectionState(
                number=number,
                section=section,
                questions=questions,
                answered=sum(1 for q in questions if _answered(answers.get(q.key))),
                missing=[q for q in questions if q.required and not _answered(answers.get(q.key))],
            )
        )
    return states


def completed_count(states: list[SectionState]) -> int:
    return sum(1 for state in states if state.status == COMPLETED)
