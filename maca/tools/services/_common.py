"""What every change to a tool checks and does: the draft locked and its
version compared, then bumped; positions kept 1, 2, 3...; and the keys made
from text (a question's key, a scale's key and its levels' values)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.core.opened_in import FIELD
from maca.tools.models import AuditTool, ToolVersion

Direction = Literal["up", "down"]

# A question's key names its answer field, so it may not take a name that a returns page posts
# beside the answers, nor one that templates would read as an attribute of the answer form.
RESERVED_KEYS = frozenset(
    {"version", "action", "csrfmiddlewaretoken", "submit", "next", "sections", "questions", "tool_version", FIELD}
    | {"data", "files", "initial", "auto_id", "prefix", "is_bound", "label_suffix", "fields", "cleaned_data"}
    | {name for name in dir(forms.Form) if not name.startswith("_")}
)


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def frozen_refusal(version: ToolVersion) -> str:
    """Why a change to ``version`` (published or retired) is refused, as
    every page trying one says it."""
    tool = AuditTool.objects.get(partnership_id=version.partnership_id, pk=version.tool_id)
    return (
        f"Version {version.number} of ‘{tool.name}’ is {version.get_status_display().lower()}, so it cannot be "
        "changed. Make a new draft version to change the tool."
    )


def _lock_draft(version: ToolVersion, *, expected_version: int | None) -> ToolVersion:
    """Lock the version's row, refuse if it is not a draft, then compare versions."""
    fresh = lock_for_update(version, expected_version=None)
    if not fresh.is_editable:
        raise ValidationError(frozen_refusal(fresh))
    if expected_version is not None and fresh.version != expected_version:
        raise EditConflict(fresh, expected=expected_version)
    return fresh


def _touch(version: ToolVersion) -> None:
    bump_version(version)
    version.save(update_fields=["version"])


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
