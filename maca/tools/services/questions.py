"""The questions of a draft: added, changed, moved and removed; the rules for
each kind of answer, and the keys that name the answers (kept from version to
version). Each change takes the draft's ``expected_version`` and bumps it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from maca.audit_trail.services import diff, record
from maca.tools.models import GradingScale, Question, QuestionKind, Section, ToolVersion
from maca.tools.selectors import asked_before, scale_available
from maca.tools.services._common import (
    RESERVED_KEYS,
    Direction,
    _lock_draft,
    _move,
    _renumber,
    _slug_key,
    _touch,
    _unique,
)
from maca.tools.services.sections import _reload_section

TEXT_LENGTH_DEFAULT = 10_000
TEXT_LENGTH_MIN = 100
TEXT_LENGTH_MAX = 50_000
TEXT_LENGTH_RANGE = f"The most characters allowed must be between {TEXT_LENGTH_MIN} and {TEXT_LENGTH_MAX:,}"
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _reload_question(question: Question, version: ToolVersion) -> Question:
    try:
        return Question.objects.select_related("section").get(pk=question.pk, section__version=version)
    except Question.DoesNotExist:
        raise ValidationError("This question has been removed from the draft.") from None


def _keys_of(version: ToolVersion, *, exclude_pk: int | None = None) -> set[str]:
    keys = Question.objects.filter(section__version=version)
    if exclude_pk is not None:
        keys = keys.exclude(pk=exclude_pk)
    return set(keys.values_list("key", flat=True))


# How a refusal names the kind of answer a question was asked for.
ASKED_FOR = {
    QuestionKind.GRADE: "for a grade on a scale",
    QuestionKind.YES_NO: "for yes, no or not applicable",
    QuestionKind.NUMBER: "for a number",
    QuestionKind.SINGLE_CHOICE: "for one choice from a list",
    QuestionKind.MULTIPLE_CHOICE: "for several choices from a list",
    QuestionKind.TEXT: "for free text",
}


def kind_kept(earlier: Question) -> str:
    """What the question form says of a question an earlier published version
    asked: its kind of answer stays."""
    return (
        f"Version {earlier.section.version.number} asked this question {ASKED_FOR[earlier.kind]}: "
        "to ask for another kind of answer, add a new question."
    )


def _check_kind_kept(version: ToolVersion, *, key: str, kind: str, was: str | None = None) -> None:
    """Refuse a kind of answer other than the one an earlier published version
    of the tool asked the question ``key`` for: its answers are read by key
    from version to version (``returns.counting``, the grades at the meeting,
    findings), so they would mix kinds. ``was``: the kind the draft's question
    has now, which may stay (a draft made before this rule)."""
    earlier = asked_before(version).get(key)
    if earlier is None or kind in (earlier.kind, was):
        return
    raise ValidationError(
        {
            "kind": f"Version {earlier.section.version.number} asked this question {ASKED_FOR[earlier.kind]}, so its "
            "kind of answer cannot change. To ask for another kind of answer, add a new question and remove this one"
        }
    )


def _question_key(version: ToolVersion, *, key: str, text: str, kind: str = "", exclude_pk: int | None = None) -> str:
    """The key given, checked, or else one made from ``text``: unique in the
    version, and not a key an earlier published version asked for another
    kind of answer (:func:`_check_kind_kept`)."""
    taken = _keys_of(version, exclude_pk=exclude_pk)
    key = (key or "").strip().lower()
    if not key:
        taken |= {k for k, earlier in asked_before(version).items() if earlier.kind != kind}
        return _unique(_slug_key(text), taken, max_length=80)
    if len(key) > 80 or not KEY_PATTERN.match(key):
        raise ValidationError(
            {"key": "The key must be 80 characters or fewer: lower-case letters, numbers, ‘_’ and ‘-’ only"}
        )
    if key in RESERVED_KEYS:
        raise ValidationError({"key": f"‘{key}’ cannot be used as a key. Choose another"})
    if key in taken:
        raise ValidationError({"key": f"Another question of this version already has the key ‘{key}’"})
    return key


def clean_choices(choices: Iterable[str] | None) -> list[str]:
    """Choices as typed (one per line), trimmed, without blanks or repeats."""
    cleaned: list[str] = []
    seen: set[str] = set()
    for choice in choices or []:
        choice = str(choice).strip()
        if choice and choice.casefold() not in seen:
            seen.add(choice.casefold())
            cleaned.append(choice)
    return cleaned


def _clean_question(
    *,
    partnership,
    text: str,
    kind: str,
    scale: GradingScale | None,
    choices: Iterable[str] | None,
    max_length: int | None,
) -> dict:
    """Check a question's parts against the rules for its kind; return the values to store."""
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the question"
    elif len(text) > 500:
        errors["text"] = "The question must be 500 characters or fewer"
    if kind not in QuestionKind.values:
        errors["kind"] = "Select the kind of answer"
    cleaned_choices = clean_choices(choices)
    if kind == QuestionKind.GRADE:
        if scale is None:
            errors["scale"] = "Select the scale to grade on"
        elif not scale_available(partnership, scale):
            errors["scale"] = "Select one of the scales your partnership can use"
    if kind in CHOICE_KINDS:
        if len(cleaned_choices) < 2:
            errors["choices"] = "Enter at least 2 different choices, one per line"
        elif any(len(choice) > 200 for choice in cleaned_choices):
            errors["choices"] = "Each choice must be 200 characters or fewer"
    if kind == QuestionKind.TEXT:
        if max_length is None:
            max_length = TEXT_LENGTH_DEFAULT
        if not TEXT_LENGTH_MIN <= max_length <= TEXT_LENGTH_MAX:
            errors["max_length"] = TEXT_LENGTH_RANGE
    if errors:
        raise ValidationError(errors)
    return {
        "text": text,
        "kind": kind,
        "scale": scale if kind == QuestionKind.GRADE else None,
        "choices": cleaned_choices if kind in CHOICE_KINDS else [],
        "max_length": max_length if kind == QuestionKind.TEXT else TEXT_LENGTH_DEFAULT,
    }


def _question_snapshot(question: Question) -> dict:
    return {
        "key": question.key,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
        "required": question.required,
        "scale": question.scale,
        "choices": question.choices,
        "max_length": question.max_length,
    }


def question_add(
    *,
    actor,
    section: Section,
    text: str,
    kind: str,
    expected_version: int,
    key: str = "",
    help_text: str = "",
    required: bool = True,
    scale: GradingScale | None = None,
    choices: Iterable[str] | None = None,
    max_length: int | None = None,
) -> Question:
    """Add a question at the end of ``section``. Without a ``key``, one is made
    from the text (unique within the version)."""
    with transaction.atomic():
        version = _lock_draft(section.version, expected_version=expected_version)
        section = _reload_section(section, version)
        values = _clean_question(
            partnership=version.partnership, text=text, kind=kind, scale=scale, choices=choices, max_length=max_length
        )
        key = _question_key(version, key=key, text=values["text"], kind=values["kind"])
        _check_kind_kept(version, key=key, kind=values["kind"])
        position = (section.questions.aggregate(highest=Max("position"))["highest"] or 0) + 1
        question = Question.objects.create(
            partnership_id=version.partnership_id,
            section=section,
            position=position,
            key=key,
            help_text=(help_text or "").strip(),
            required=bool(required),
            **values,
        )
        _touch(version)
        record(
            actor=actor,
            action="tool_question.added",
            partnership=version.partnership,
            target=question,
            changes={"version": version, "section": section, **_question_snapshot(question)},
        )
    return question


def question_update(
    *,
    actor,
    question: Question,
    text: str,
    kind: str,
    expected_version: int,
    help_text: str = "",
    required: bool = True,
    scale: GradingScale | None = None,
    choices: Iterable[str] | None = None,
    max_length: int | None = None,
) -> Question:
    """Change a question of a draft. Its key stays, so answers to earlier versions
    of the question can still be followed."""
    with transaction.atomic():
        version = _lock_draft(question.section.version, expected_version=expected_version)
        question = _reload_question(question, version)
        values = _clean_question(
            partnership=version.partnership, text=text, kind=kind, scale=scale, choices=choices, max_length=max_length
        )
        _check_kind_kept(version, key=question.key, kind=values["kind"], was=question.kind)
        before = _question_snapshot(question)
        for field, value in values.items():
            setattr(question, field, value)
        question.help_text = (help_text or "").strip()
        question.required = bool(required)
        question.save()
        _touch(version)
        record(
            actor=actor,
            action="tool_question.updated",
            partnership=version.partnership,
            target=question,
            changes=diff(before, _question_snapshot(question)),
        )
    return question


def question_move(*, actor, question: Question, direction: Direction, expected_version: int) -> Question:
    """Move a question up or down within its section."""
    with transaction.atomic():
        version = _lock_draft(question.section.version, expected_version=expected_version)
        question = _reload_question(question, version)
        siblings = list(Question.objects.filter(section_id=question.section_id).order_by("position", "pk"))
        _move(siblings, question, direction, what="question")
        _touch(version)
        record(
            actor=actor,
            action="tool_question.moved",
            partnership=version.partnership,
            target=question,
            changes={"direction": direction},
        )
    return question


def question_remove(*, actor, question: Question, expected_version: int) -> None:
    with transaction.atomic():
        version = _lock_draft(question.section.version, expected_version=expected_version)
        question = _reload_question(question, version)
        record(
            actor=actor,
            action="tool_question.removed",
            partnership=version.partnership,
            target=question,
            changes={"version": version, **_question_snapshot(question)},
        )
        section_id = question.section_id
        question.delete()
        _renumber(list(Question.objects.filter(section_id=section_id).order_by("position", "pk")))
        _touch(version)
