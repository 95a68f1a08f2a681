"""The sections of a draft: added, changed, moved and removed (with their
questions). Each change takes the draft's ``expected_version`` and bumps it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from maca.audit_trail.services import diff, record
from maca.tools.models import Section, ToolVersion
from maca.tools.services._common import Direction, _lock_draft, _move, _renumber, _touch


def _reload_section(section: Section, version: ToolVersion) -> Section:
    try:
        return Section.objects.get(pk=section.pk, version=version)
    except Section.DoesNotExist:
        raise ValidationError("This section has been removed from the draft.") from None


def _clean_section(title: str, help_text: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the section’s title"})
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
