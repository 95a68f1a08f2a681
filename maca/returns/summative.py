"""A deep dive's summative report and the cases it covers: how many of the
audit's cases its agency is auditing, and the refusal of an answer to "How
many cases did your agency audit?" above those (on the box, on saving and on
submitting)."""

from __future__ import annotations

from maca.core.presenters import counted
from maca.returns.models import Return
from maca.selection.models import Assignment
from maca.tools.answers import questions_of
from maca.tools.models import QuestionKind

# The shipped summative report's question "How many cases did your agency
# audit?" (``tools.defaults.SUMMATIVE_TOOL``), by its key as
# ``tools.answers.AT_MOST`` knows it.
CASES_AUDITED = "cases_audited"


def cases_of_summative(return_record: Return) -> int:
    """How many of the audit's cases the agency of a deep dive's summative
    report is auditing: the cases its one report covers.

    The agency's own cases, not its sub-units': a sub-unit given a case (a GP
    practice under its care board) has a summative report of its own
    (``services.returns_create_for_audit``), as it has a case's return of its
    own, and covers that case there. Counted in its parent's too, the case
    would be counted twice where the agency's rows are added up
    (``figures.top_level``)."""
    return (
        Assignment.objects.current()
        .filter(
            partnership_id=return_record.partnership_id,
            agency_id=return_record.agency_id,
            audit_case__audit_id=return_record.audit_id,
            audit_case__removed_at__isnull=True,
        )
        .values("audit_case_id")
        .distinct()
        .count()
    )


def too_many_cases_message(question_text: str, cases: int) -> str:
    """The error for an answer to ``question_text`` above ``cases``, the
    audit's cases the report's agency is auditing."""
    if not cases:
        return f"‘{question_text}’ must be 0: your agency has no cases in this audit"
    return f"‘{question_text}’ cannot be more than the {counted(cases, 'case')} your agency has in this audit"


def cases_audited_refusals(return_record: Return, answers: dict, *, before: dict | None = None) -> dict[str, str]:
    """A deep dive's summative report covers its agency's cases of the audit
    (:func:`cases_of_summative`): its answer to "How many cases did your
    agency audit?" can be no more than those. The question's key and the
    error, or nothing. ``before``: the answers as saved; an answer unchanged
    since is not refused again (a case taken off the agency after it was
    saved is for the submission to say, not a save of another section)."""
    value = answers.get(CASES_AUDITED)
    if return_record.audit_case_id or not isinstance(value, int) or isinstance(value, bool):
        return {}
    if before is not None and before.get(CASES_AUDITED) == value:
        return {}
    question = next((q for q in questions_of(return_record.tool_version) if q.key == CASES_AUDITED), None)
    if question is None or question.kind != QuestionKind.NUMBER:
        return {}
    cases = cases_of_summative(return_record)
    if value <= cases:
        return {}
    return {CASES_AUDITED: too_many_cases_message(question.text, cases)}
