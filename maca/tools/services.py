"""Changing audit tools. Each function runs in one transaction and writes its
audit record in that transaction.

Only a draft version can change. Every change to a draft's sections and
questions takes the ``expected_version`` of the draft (the
:class:`~maca.tools.models.ToolVersion` row the person started from) and bumps
it, so two people editing one draft never overwrite each other: the second
gets :class:`~maca.core.concurrency.EditConflict` and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Literal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from maca.audit_trail.services import diff, record
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.partnerships.models import Partnership
from maca.partnerships.services import partnership_hold
from maca.tools.models import (
    AuditTool,
    GradingScale,
    Question,
    QuestionKind,
    Section,
    ToolKind,
    ToolVersion,
    VersionStatus,
)
from maca.tools.selectors import scale_available, scales_for, sections_with_questions

Direction = Literal["up", "down"]

TEXT_LENGTH_DEFAULT = 10_000
TEXT_LENGTH_MIN = 100
TEXT_LENGTH_MAX = 50_000
TEXT_LENGTH_RANGE = f"The most characters allowed must be between {TEXT_LENGTH_MIN} and {TEXT_LENGTH_MAX:,}"
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
# A question's key names its answer field, so it may not take a name that a returns page posts
# beside the answers, nor one that templates would read as an attribute of the answer form.
RESERVED_KEYS = frozenset(
    {"version", "action", "csrfmiddlewaretoken", "submit", "next", "sections", "questions", "tool_version"}
    | {"data", "files", "initial", "auto_id", "prefix", "is_bound", "label_suffix", "fields", "cleaned_data"}
    | {name for name in dir(forms.Form) if not name.startswith("_")}
)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_LEVELS = 20


def standard_count_error(levels: int) -> str:
    """Why the number of top levels that meet the standard is refused, for a
    scale of ``levels`` levels: at least the top one, and never every level."""
    if levels == 2:
        return "With 2 levels, only the top level can meet the standard: choose ‘The top level only’"
    return f"With {levels} levels, choose up to the top {levels - 1}: at least one level must not meet the standard"


# Helpers ------------------------------------------------------------------------------------------


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _lock_draft(version: ToolVersion, *, expected_version: int | None) -> ToolVersion:
    """Lock the version's row, refuse if it is not a draft, then compare versions."""
    fresh = lock_for_update(version, expected_version=None)
    if not fresh.is_editable:
        tool = AuditTool.objects.get(pk=fresh.tool_id)
        raise ValidationError(
            f"Version {fresh.number} of ‘{tool.name}’ is {fresh.get_status_display().lower()}, so it cannot be "
            "changed. Make a new draft version to change the tool."
        )
    if expected_version is not None and fresh.version != expected_version:
        raise EditConflict(fresh, expected=expected_version)
    return fresh


def _touch(version: ToolVersion) -> None:
    bump_version(version)
    version.save(update_fields=["version"])


def _reload_section(section: Section, version: ToolVersion) -> Section:
    try:
        return Section.objects.get(pk=section.pk, version=version)
    except Section.DoesNotExist:
        raise ValidationError("This section has been removed from the draft.") from None


def _reload_question(question: Question, version: ToolVersion) -> Question:
    try:
        return Question.objects.select_related("section").get(pk=question.pk, section__version=version)
    except Question.DoesNotExist:
        raise ValidationError("This question has been removed from the draft.") from None


def _renumber(items: list) -> None:
    """Give ``items`` positions 1, 2, 3... in their list order, saving only those that moved."""
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["position"])


def _move(items: list, item, direction: Direction, *, what: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move it up or down.")
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        raise ValidationError(f"The {what} is already {'first' if direction == 'up' else 'last'}.")
    items[index], items[target] = items[target], items[index]
    _renumber(items)


def _keys_of(version: ToolVersion, *, exclude_pk: int | None = None) -> set[str]:
    keys = Question.objects.filter(section__version=version)
    if exclude_pk is not None:
        keys = keys.exclude(pk=exclude_pk)
    return set(keys.values_list("key", flat=True))


def _slug_key(text: str, *, max_length: int = 60, fallback: str = "question") -> str:
    return slugify(text).replace("-", "_")[:max_length].strip("_") or fallback


def _unique(base: str, taken: Iterable[str], *, max_length: int) -> str:
    taken = set(taken)
    candidate, n = base, 1
    while candidate in taken or candidate in RESERVED_KEYS:
        n += 1
        suffix = f"_{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


def _question_key(version: ToolVersion, *, key: str, text: str, exclude_pk: int | None = None) -> str:
    taken = _keys_of(version, exclude_pk=exclude_pk)
    key = (key or "").strip().lower()
    if not key:
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


def publish_problems(sections: list[Section]) -> list[str]:
    """What stops a draft being published, given its sections with their questions
    (as from :func:`maca.tools.selectors.sections_with_questions`). Empty when ready."""
    problems = []
    if not sections:
        problems.append("Add at least one section.")
    for section in sections:
        questions = list(section.questions.all())
        if not questions:
            problems.append(f"Add at least one question to ‘{section.title}’.")
        for question in questions:
            if question.kind == QuestionKind.GRADE and question.scale_id is None:
                problems.append(f"Choose a scale for ‘{question.text}’.")
            if question.kind in CHOICE_KINDS and len(question.choices or []) < 2:
                problems.append(f"Give at least 2 choices for ‘{question.text}’.")
    return problems


# Tools --------------------------------------------------------------------------------------------


def _check_tool_name(*, partnership, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the tool's name"})
    if len(name) > 200:
        raise ValidationError({"name": "The name must be 200 characters or fewer"})
    clash = AuditTool.objects.filter(partnership=partnership, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"Your partnership already has a tool called ‘{name}’"})
    return name


def tool_create(*, actor, partnership: Partnership, name: str, kind: str, description: str = "") -> AuditTool:
    """A new tool with an empty draft, version 1."""
    with transaction.atomic():
        # Held before the name is checked, so two tools of one name made at once
        # run one after the other: the second is refused with a message.
        partnership_hold(partnership)
        name = _check_tool_name(partnership=partnership, name=name)
        if kind not in ToolKind.values:
            raise ValidationError({"kind": "Select the kind of tool"})
        tool = AuditTool.objects.create(
            partnership=partnership,
            name=name,
            kind=kind,
            description=(description or "").strip(),
            created_by=_actor_or_none(actor),
        )
        version = ToolVersion.objects.create(partnership=partnership, tool=tool, number=1)
        record(
            actor=actor,
            action="tool.created",
            partnership=partnership,
            target=tool,
            changes={"name": name, "kind": kind, "description": tool.description, "draft": version.number},
        )
    return tool


def tool_update(*, actor, tool: AuditTool, name: str, description: str, expected_version: int | None) -> AuditTool:
    """Change a tool's name and description. ``expected_version`` is the
    tool's version the person started from; someone else's save since then
    refuses the change with :class:`~maca.core.concurrency.EditConflict`
    (``None``: no check, for changes made by maca itself)."""
    with transaction.atomic():
        # The partnership first (as every change that checks its names), then the tool.
        partnership_hold(tool.partnership_id)
        tool = lock_for_update(tool, expected_version=expected_version)
        name = _check_tool_name(partnership=tool.partnership_id, name=name, exclude_pk=tool.pk)
        description = (description or "").strip()
        before = {"name": tool.name, "description": tool.description}
        tool.name, tool.description = name, description
        bump_version(tool)
        tool.save(update_fields=["name", "description", "version"])
        changes = diff(before, {"name": name, "description": description})
        if changes:
            record(actor=actor, action="tool.updated", partnership=tool.partnership, target=tool, changes=changes)
    return tool


def _set_archived(*, actor, tool: AuditTool, archived: bool) -> AuditTool:
    with transaction.atomic():
        tool = AuditTool.objects.select_for_update().get(pk=tool.pk)
        if tool.is_archived == archived:
            return tool
        tool.is_archived = archived
        tool.save(update_fields=["is_archived"])
        record(
            actor=actor,
            action="tool.archived" if archived else "tool.restored",
            partnership=tool.partnership,
            target=tool,
            changes={"is_archived": [not archived, archived]},
        )
    return tool


def tool_archive(*, actor, tool: AuditTool) -> AuditTool:
    """Stop offering the tool for new audits. Nothing is deleted: returns keep their version."""
    return _set_archived(actor=actor, tool=tool, archived=True)


def tool_restore(*, actor, tool: AuditTool) -> AuditTool:
    return _set_archived(actor=actor, tool=tool, archived=False)


# Versions -----------------------------------------------------------------------------------------


def _copy_version(source: ToolVersion, target: ToolVersion) -> None:
    """Copy every section and question of ``source`` into ``target``, keys and all."""
    new_questions = []
    for section in sections_with_questions(source):
        copy = Section.objects.create(
            partnership_id=target.partnership_id,
            version=target,
            position=section.position,
            title=section.title,
            help_text=section.help_text,
        )
        new_questions.extend(
            Question(
                partnership_id=target.partnership_id,
                section=copy,
                position=question.position,
                key=question.key,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                required=question.required,
                scale_id=question.scale_id,
                choices=list(question.choices or []),
                max_length=question.max_length,
            )
            for question in section.questions.all()
        )
    Question.objects.bulk_create(new_questions)


def version_new_draft(*, actor, tool: AuditTool) -> ToolVersion:
    """A new draft copying the latest published version (keys kept, so answers
    can be followed from version to version). Refused while a draft exists."""
    with transaction.atomic():
        tool = AuditTool.objects.select_for_update().get(pk=tool.pk)
        if tool.is_archived:
            raise ValidationError(f"‘{tool.name}’ is archived. Restore it before making a new version.")
        versions = ToolVersion.objects.filter(tool=tool)
        draft = versions.filter(status=VersionStatus.DRAFT).first()
        if draft is not None:
            raise ValidationError(
                f"‘{tool.name}’ already has a draft, version {draft.number}. Change that draft instead."
            )
        source = (
            versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
            or versions.order_by("-number").first()
        )
        number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        version = ToolVersion.objects.create(partnership_id=tool.partnership_id, tool=tool, number=number)
        if source is not None:
            _copy_version(source, version)
        record(
            actor=actor,
            action="tool_version.created",
            partnership=tool.partnership,
            target=version,
            changes={"number": number, "copied_from": source.number if source else None},
        )
    return version


# Work other apps do when a version is published, in its transaction (``returns``
# moves the returns nobody has started onto it). ``tools`` is below them, so
# they register from their own app, as with ``programme.stages``.
_on_published: list[Callable[..., dict | None]] = []


def register_on_published(action: Callable[..., dict | None]) -> None:
    """Run ``action(version, actor=...)`` inside the transaction that publishes
    ``version``; what it returns (``{"returns_moved": 3}``) is added to the
    publishing's audit record."""
    if action not in _on_published:
        _on_published.append(action)


def version_publish(*, actor, version: ToolVersion, expected_version: int, notes: str | None = None) -> ToolVersion:
    """Freeze the draft. The version published before it is retired: new returns
    and returns not yet started use this one (``register_on_published``),
    returns already started stay on theirs."""
    with transaction.atomic():
        tool = AuditTool.objects.select_for_update().get(pk=version.tool_id)
        version = _lock_draft(version, expected_version=expected_version)
        if tool.is_archived:
            raise ValidationError(f"‘{tool.name}’ is archived. Restore it before publishing.")
        problems = publish_problems(sections_with_questions(version))
        if problems:
            raise ValidationError(problems)
        retired = []
        for previous in ToolVersion.objects.select_for_update().filter(tool=tool, status=VersionStatus.PUBLISHED):
            previous.status = VersionStatus.RETIRED
            bump_version(previous)
            previous.save(update_fields=["status", "version"])
            retired.append(previous.number)
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = _actor_or_none(actor)
        if notes is not None:
            version.notes = notes.strip()
        bump_version(version)
        version.save(update_fields=["status", "published_at", "published_by", "notes", "version"])
        version.tool = tool
        changes = {"number": version.number, "retired": retired, "notes": version.notes}
        for action in _on_published:
            changes.update(action(version, actor=actor) or {})
        record(
            actor=actor,
            action="tool_version.published",
            partnership=tool.partnership,
            target=version,
            changes=changes,
        )
    return version


# Sections -----------------------------------------------------------------------------------------


def _clean_section(title: str, help_text: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the section's title"})
    if len(title) > 200:
        raise ValidationError({"title": "The title must be 200 characters or fewer"})
    return title, (help_text or "").strip()


def section_add(*, actor, version: ToolVersion, title: str, help_text: str = "", expected_version: int) -> Section:
    with transaction.atomic():
        version = _lock_draft(version, expected_version=expected_version)
        title, help_text = _clean_section(title, help_text)
        position = (version.sections.aggregate(highest=Max("position"))["highest"] or 0) + 1
        section = Section.objects.create(
            partnership_id=version.partnership_id, version=version, position=position, title=title, help_text=help_text
        )
        _touch(version)
        record(
            actor=actor,
            action="tool_section.added",
            partnership=version.partnership,
            target=section,
            changes={"version": version, "title": title, "help_text": help_text, "position": position},
        )
    return section


def section_update(*, actor, section: Section, title: str, help_text: str, expected_version: int) -> Section:
    with transaction.atomic():
        version = _lock_draft(section.version, expected_version=expected_version)
        section = _reload_section(section, version)
        title, help_text = _clean_section(title, help_text)
        before = {"title": section.title, "help_text": section.help_text}
        section.title, section.help_text = title, help_text
        section.save(update_fields=["title", "help_text"])
        _touch(version)
        record(
            actor=actor,
            action="tool_section.updated",
            partnership=version.partnership,
            target=section,
            changes=diff(before, {"title": title, "help_text": help_text}),
        )
    return section


def section_move(*, actor, section: Section, direction: Direction, expected_version: int) -> Section:
    with transaction.atomic():
        version = _lock_draft(section.version, expected_version=expected_version)
        section = _reload_section(section, version)
        siblings = list(version.sections.order_by("position", "pk"))
        _move(siblings, section, direction, what="section")
        _touch(version)
        record(
            actor=actor,
            action="tool_section.moved",
            partnership=version.partnership,
            target=section,
            changes={"direction": direction},
        )
    return section


def section_remove(*, actor, section: Section, expected_version: int) -> None:
    """Remove a section of a draft with all its questions."""
    with transaction.atomic():
        version = _lock_draft(section.version, expected_version=expected_version)
        section = _reload_section(section, version)
        questions = list(section.questions.values_list("key", flat=True))
        record(
            actor=actor,
            action="tool_section.removed",
            partnership=version.partnership,
            target=section,
            changes={"version": version, "title": section.title, "questions": questions},
        )
        section.delete()
        _renumber(list(version.sections.order_by("position", "pk")))
        _touch(version)


# Questions ----------------------------------------------------------------------------------------


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
        key = _question_key(version, key=key, text=values["text"])
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


# Grading scales -----------------------------------------------------------------------------------


def scale_create(
    *, actor, partnership: Partnership, name: str, levels: Iterable[str], meeting_standard: int, description: str = ""
) -> GradingScale:
    """A partnership's own scale. ``levels`` are labels, best first; the top
    ``meeting_standard`` of them meet the standard."""
    with transaction.atomic():
        # Held before the name and key are checked, so two scales of one name
        # added at once run one after the other: the second is refused with a message.
        partnership_hold(partnership)
        errors: dict[str, str] = {}
        name = (name or "").strip()
        if not name:
            errors["name"] = "Enter the scale's name"
        elif len(name) > 120:
            errors["name"] = "The name must be 120 characters or fewer"
        elif scales_for(partnership).filter(name__iexact=name).exists():
            errors["name"] = f"There is already a scale called ‘{name}’"
        labels = [str(label).strip() for label in levels or [] if str(label).strip()]
        seen: set[str] = set()
        repeated = None
        for label in labels:
            if label.casefold() in seen and repeated is None:
                repeated = label
            seen.add(label.casefold())
        if len(labels) < 2:
            errors["levels"] = "Enter at least 2 levels, one per line"
        elif len(labels) > MAX_LEVELS:
            errors["levels"] = f"Enter no more than {MAX_LEVELS} levels"
        elif repeated:
            errors["levels"] = f"Each level must be different: ‘{repeated}’ appears more than once"
        elif any(len(label) > 100 for label in labels):
            errors["levels"] = "Each level must be 100 characters or fewer"
        elif not 1 <= meeting_standard < len(labels):
            errors["meeting_standard"] = standard_count_error(len(labels))
        if errors:
            raise ValidationError(errors)
        values: list[str] = []
        for position, label in enumerate(labels, start=1):
            values.append(_unique(_slug_key(label, max_length=50, fallback=f"level_{position}"), values, max_length=60))
        scale_levels = [
            {"value": value, "label": label, "meets_standard": position <= meeting_standard}
            for position, (value, label) in enumerate(zip(values, labels, strict=True), start=1)
        ]
        keys = GradingScale.objects.filter(partnership=partnership).values_list("key", flat=True)
        key = _unique(slugify(name)[:55] or "scale", keys, max_length=60)
        scale = GradingScale.objects.create(
            partnership=partnership, key=key, name=name, description=(description or "").strip(), levels=scale_levels
        )
        record(
            actor=actor,
            action="grading_scale.created",
            partnership=partnership,
            target=scale,
            changes={"name": name, "levels": scale_levels},
        )
    return scale
