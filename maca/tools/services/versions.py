"""A tool's versions: a new draft copied from the latest published one, and
publishing a draft, which retires the version before it and runs what other
apps registered (``register_on_published``)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version
from maca.tools.models import AuditTool, Question, QuestionKind, Section, ToolVersion, VersionStatus
from maca.tools.selectors import sections_with_questions
from maca.tools.services._common import _actor_or_none, _lock_draft
from maca.tools.services.questions import CHOICE_KINDS


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
    returns already started stay on theirs. The version returned carries
    ``published_changes``: what its audit record says the publishing did (such
    as ``returns_moved``), for the page to tell the person."""
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
    version.published_changes = changes
    return version
