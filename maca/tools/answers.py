"""Answering a tool: the form agencies fill in, and reading answers back.

Answers are stored (by the returns app) as a JSON object mapping each
question's ``key`` to a JSON-safe value:

- grade: the scale level's ``value`` (a string)
- yes_no: ``"yes"``, ``"no"`` or ``"n/a"``
- number: an int from 0 to ``LARGEST_NUMBER`` (100,000)
- single_choice: the chosen text
- multiple_choice: a list of the chosen texts, in the tool's order
- text: a string

No string in an answer holds a NUL character ("\\x00"): PostgreSQL's jsonb
cannot store one. An unanswered question has no key at all.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from maca.core.forms import GovukTextField, WholeNumberField
from maca.tools.models import Question, QuestionKind, Section, ToolVersion
from maca.tools.selectors import sections_with_questions

YES = "yes"
NO = "no"
NOT_APPLICABLE = "n/a"
YES_NO_CHOICES = [(YES, "Yes"), (NO, "No"), (NOT_APPLICABLE, "Not applicable")]
YES_NO_LABELS = dict(YES_NO_CHOICES)
MOST_RADIOS = 8  # more choices than this are shown as a select
# The most a number answer may be. Number questions count things in one case or
# one agency's audit (contacts, visits, cases audited): far fewer than this, so a
# larger answer is a slip of the keyboard, and would swell every count and export.
LARGEST_NUMBER = 100_000


def questions_of(version: ToolVersion) -> list[Question]:
    """Every question of the version in order, each with ``section`` and ``scale``
    already read: one query for sections, one for questions."""
    return [question for section in sections_with_questions(version) for question in section.questions.all()]


def unanswered_message(question: Question) -> str:
    return f"Answer ‘{question.text}’"


def too_large_message(question: Question) -> str:
    return f"‘{question.text}’ must be {LARGEST_NUMBER:,} or fewer"


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def hint_html(text: str) -> SafeString | str:
    """A question's hint as typed, escaped, its line breaks and paragraphs kept
    (a blank line between paragraphs). The form components render it as HTML."""
    if not text or not text.strip():
        return ""
    paragraphs = [part.strip() for part in re.split(r"\r?\n\s*\r?\n", text.strip()) if part.strip()]
    return format_html_join(
        mark_safe("<br><br>"),
        "{}",
        ((mark_safe("<br>".join(escape(line) for line in part.splitlines())),) for part in paragraphs),
    )


def _field_for(question: Question, *, required: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": hint_html(question.help_text),
        "required": required,
    }
    messages = {"required": unanswered_message(question)}
    choose = f"Select one of the answers given for ‘{question.text}’"
    kind = question.kind
    if kind == QuestionKind.GRADE:
        levels = question.scale.levels if question.scale_id else []
        return forms.ChoiceField(
            choices=[(str(level["value"]), level["label"]) for level in levels],
            widget=forms.RadioSelect,
            error_messages={**messages, "invalid_choice": choose},
            **common,
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=YES_NO_CHOICES,
            widget=forms.RadioSelect,
            error_messages={**messages, "invalid_choice": choose},
            **common,
        )
    if kind == QuestionKind.NUMBER:
        return WholeNumberField(
            min_value=0,
            max_value=LARGEST_NUMBER,
            widget=forms.NumberInput,
            error_messages={
                **messages,
                "invalid": f"‘{question.text}’ must be a whole number, like 3",
                "min_value": f"‘{question.text}’ must be 0 or more",
                "max_value": too_large_message(question),
            },
            **common,
        )
    if kind == QuestionKind.SINGLE_CHOICE:
        choices = [(choice, choice) for choice in question.choices or []]
        many = len(choices) > MOST_RADIOS
        return forms.ChoiceField(
            choices=[("", "Select an answer"), *choices] if many else choices,
            widget=forms.Select if many else forms.RadioSelect,
            error_messages={**messages, "invalid_choice": choose},
            **common,
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(choice, choice) for choice in question.choices or []],
            widget=forms.CheckboxSelectMultiple,
            error_messages={**messages, "invalid_choice": f"Select only the answers given for ‘{question.text}’"},
            **common,
        )
    if kind == QuestionKind.TEXT:
        # Line breaks count as one character each, as the character count shows them.
        return GovukTextField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=question.max_length,
            error_messages={
                **messages,
                # Named, as the number's messages are: two answers too long are two lines of the error summary.
                "max_length": f"‘{question.text}’ must be {question.max_length:,} characters or fewer",
            },
            **common,
        )
    raise ValueError(f"Unknown kind of question: {kind!r}")


# Answers that must agree where a tool asks both questions (the summative
# report does): the part's number can be no more than the whole's.
AT_MOST = (("cases_meeting_standard", "cases_audited"),)


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def disagreements(questions: dict[str, Question], answers: dict) -> list[tuple[Question, str]]:
    """Answers that cannot all be true together ("60 of 56 cases met the
    standard"), each as the question whose answer to change and its message."""
    found = []
    for part_key, whole_key in AT_MOST:
        part, whole = questions.get(part_key), questions.get(whole_key)
        if part is None or whole is None:
            continue
        part_value, whole_value = answers.get(part_key), answers.get(whole_key)
        if _whole_number(part_value) and _whole_number(whole_value) and part_value > whole_value:
            found.append((part, f"‘{part.text}’ must be {whole_value:,} or fewer, the answer to ‘{whole.text}’"))
    return found


class AnswerForm(forms.Form):
    """One field per question of a tool version; see :func:`answer_form`."""

    sections: list[tuple[Section, list[forms.BoundField]]]
    questions: list[Question]
    tool_version: ToolVersion

    def clean(self):
        cleaned = super().clean()
        for question, message in disagreements({q.key: q for q in self.questions}, cleaned):
            self.add_error(question.key, message)
        return cleaned


def answer_form(
    version: ToolVersion,
    *,
    data=None,
    initial: dict | None = None,
    require: bool = False,
    section: int | None = None,
) -> forms.Form:
    """A form with one field per question, named by the question's key.

    ``section`` (a 1-based position) limits the form to that section's
    questions, for a return answered one section at a time.

    With ``require=False`` (saving a draft) every answer is optional; with
    ``require=True`` (submitting) each required question must be answered, and
    the error summary links to each one that is not. ``form.sections`` is
    ``[(section, [bound fields]), ...]`` for templates.
    """
    sections = sections_with_questions(version)
    if section is not None:
        sections = sections[section - 1 : section] if 0 < section <= len(sections) else []
    form = AnswerForm(data=data, initial=initial or {})
    form.tool_version = version
    form.questions = []
    fields: dict[str, forms.Field] = {}
    for section in sections:
        for question in section.questions.all():
            fields[question.key] = _field_for(question, required=require and question.required)
            form.questions.append(question)
    form.fields = fields
    form.sections = [(section, [form[question.key] for question in section.questions.all()]) for section in sections]
    return form


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    return str(value)


def answers_from(form: forms.Form) -> dict:
    """The form's answers as stored: JSON-safe, with empty answers left out. Only
    fields that passed validation are included."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    answers = {}
    for name in form.fields:
        value = cleaned.get(name)
        if _is_empty(value):
            continue
        answers[name] = _jsonable(value)
    return answers


def missing_answers(version: ToolVersion, answers: dict) -> list[tuple[Question, str]]:
    """Required questions with no answer, in the tool's order, each with its message."""
    answers = answers or {}
    return [
        (question, unanswered_message(question))
        for question in questions_of(version)
        if question.required and _is_empty(answers.get(question.key))
    ]


def display_value(question: Question, value: Any) -> str:
    """An answer as a person reads it: the grade's label, "Yes", the chosen texts..."""
    if _is_empty(value):
        return ""
    kind = question.kind
    if kind == QuestionKind.GRADE:
        return question.scale.label_of(value) if question.scale_id else str(value)
    if kind == QuestionKind.YES_NO:
        return YES_NO_LABELS.get(str(value), str(value))
    if kind == QuestionKind.NUMBER:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _holds_nul(value: Any) -> bool:
    """Whether a string in the answer (or in its list of choices) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


def invalid_answers(version: ToolVersion, answers: dict) -> list[str]:
    """Why ``answers`` cannot be stored for ``version`` (empty when they can).

    Answers normally come through :func:`answer_form`; this guards every other
    way in (a merge after a conflict posts the person's answers back as JSON),
    so that nothing but answers to the tool's own questions, of the right kind
    and length, is ever saved or counted: a number from 0 to ``LARGEST_NUMBER``,
    and no text, choice or grade holding a NUL character (PostgreSQL's jsonb
    refuses one, so it would fail the save rather than be refused).
    """
    questions = {q.key: q for q in questions_of(version)}
    problems = []
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            problems.append("An answer was sent for a question this audit tool does not have.")
            continue
        kind = question.kind
        if _holds_nul(value):
            ok = False
        elif kind == QuestionKind.GRADE:
            levels = {str(level["value"]) for level in (question.scale.levels if question.scale else [])}
            ok = isinstance(value, str) and value in levels
        elif kind == QuestionKind.YES_NO:
            ok = value in YES_NO_LABELS
        elif kind == QuestionKind.NUMBER:
            ok = _whole_number(value) and value >= 0
            if ok and value > LARGEST_NUMBER:
                problems.append(too_large_message(question))
                continue
        elif kind == QuestionKind.SINGLE_CHOICE:
            ok = isinstance(value, str) and value in question.choices
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            ok = isinstance(value, list) and all(isinstance(v, str) and v in question.choices for v in value)
        else:
            ok = isinstance(value, str) and len(value) <= question.max_length
        if not ok:
            problems.append(f"The answer to ‘{question.text}’ is not one this question accepts.")
    problems.extend(message for _, message in disagreements(questions, answers))
    return problems
