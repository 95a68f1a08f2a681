"""A partnership's own grading scales: labels best first, the top ones
meeting the standard."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from maca.audit_trail.services import record
from maca.partnerships.models import Partnership
from maca.partnerships.services import partnership_hold
from maca.tools.models import GradingScale
from maca.tools.selectors import scales_for
from maca.tools.services._common import _slug_key, _unique

MAX_LEVELS = 20


def standard_count_error(levels: int) -> str:
    """Why the number of top levels that meet the standard is refused, for a
    scale of ``levels`` levels: at least the top one, and never every level."""
    if levels == 2:
        return "With 2 levels, only the top level can meet the standard: choose ‘The top level only’"
    return f"With {levels} levels, choose up to the top {levels - 1}: at least one level must not meet the standard"


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
            errors["name"] = "Enter the scale’s name"
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
