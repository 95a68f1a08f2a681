"""Audit tools themselves: made (with an empty first draft), renamed,
archived and restored. A tool's name is unique within its partnership."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.partnerships.models import Partnership
from maca.partnerships.services import partnership_hold
from maca.tools.models import AuditTool, ToolKind, ToolVersion
from maca.tools.services._common import _actor_or_none


def _check_tool_name(*, partnership, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the tool’s name"})
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
