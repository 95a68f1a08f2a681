"""Writing the meeting, findings, themes, immediate concerns and feedback.
Each function runs in one transaction and writes its audit record in it."""

from __future__ import annotations

from django.db import transaction

from maca.findings.models import Theme
from maca.findings.taxonomy import DEFAULT_THEMES

# Themes -------------------------------------------------------------------------------------------


def themes_ensure(*, partnership) -> int:
    """Give ``partnership`` every default theme it does not have yet (by key).

    Idempotent; never revives a retired theme nor renames one back. Returns
    how many were added. Called when a partnership is created.
    """
    with transaction.atomic():
        have = set(Theme.objects.filter(partnership=partnership).values_list("key", flat=True))
        missing = [
            Theme(
                partnership=partnership,
                key=theme.id,
                name=theme.name,
                description=theme.description,
                is_default=True,
                position=i,
            )
            for i, theme in enumerate(DEFAULT_THEMES, start=1)
            if theme.id not in have
        ]
        Theme.objects.bulk_create(missing)
    return len(missing)
