"""Themes: the defaults every partnership gets and the partnership's own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.findings.models import Theme
from maca.findings.taxonomy import DEFAULT_THEMES
from maca.partnerships.services import partnership_hold

NAME_TAKEN = "There is already a theme with this name"
# A retired theme is on no list a person picks from: say so, and how to bring it back.
NAME_TAKEN_RETIRED = (
    "There is already a retired theme with this name: to offer it again, open it on the themes page "
    "and untick ‘Retire this theme’"
)


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


def _unique_key(partnership, name: str) -> str:
    base = (slugify(name).replace("-", "_") or "theme")[:50]
    key, n = base, 1
    while Theme.objects.filter(partnership=partnership, key=key).exists():
        n += 1
        key = f"{base}_{n}"
    return key


def _save_named(theme: Theme, *, exclude=None) -> None:
    """Save ``theme``; a name taken meanwhile (the database's constraint, the
    last guard) is the error a person sees, not a 500."""
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError:
        if _name_clash(theme.partnership, theme.name, exclude=exclude):
            raise ValidationError({"name": _name_taken(theme.partnership, theme.name, exclude=exclude)}) from None
        raise


def _name_clash(partnership, name: str, *, exclude=None) -> bool:
    clash = Theme.objects.filter(partnership=partnership, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    return clash.exists()


def _name_taken(partnership, name: str, *, exclude=None) -> str:
    """What to say when ``name`` clashes (``_name_clash``): that a retired
    theme has it, when one does."""
    retired = Theme.objects.filter(partnership=partnership, name__iexact=name, is_retired=True)
    if exclude is not None:
        retired = retired.exclude(pk=exclude.pk)
    return NAME_TAKEN_RETIRED if retired.exists() else NAME_TAKEN


def theme_create(*, actor, partnership, name: str, description: str = "") -> Theme:
    """A theme of the partnership's own. Its key is made from its first name
    and never changes; the tagger learns it from confirmed examples alone."""
    name, description = name.strip(), description.strip()
    with transaction.atomic():
        partnership_hold(partnership.pk)
        if _name_clash(partnership, name):
            raise ValidationError({"name": _name_taken(partnership, name)})
        last = Theme.objects.filter(partnership=partnership).aggregate(m=Max("position"))["m"] or 0
        theme = Theme(
            partnership=partnership,
            key=_unique_key(partnership, name),
            name=name,
            description=description,
            position=last + 1,
            updated_by=actor,
        )
        _save_named(theme)
        record(
            actor=actor,
            action="theme.created",
            partnership=partnership,
            target=theme,
            changes={"key": theme.key, "name": name, "description": description},
        )
    return theme


def theme_update(*, actor, theme: Theme, name: str, description: str, is_retired: bool, expected_version: int) -> Theme:
    """Rename a theme, change its description, retire it or bring it back.
    Its key, and every finding's tag, stay as they are."""
    name, description = name.strip(), description.strip()
    with transaction.atomic():
        partnership_hold(theme.partnership_id)
        theme = lock_for_update(theme, expected_version=expected_version)
        if _name_clash(theme.partnership, name, exclude=theme):
            raise ValidationError({"name": _name_taken(theme.partnership, name, exclude=theme)})
        before = {"name": theme.name, "description": theme.description, "is_retired": theme.is_retired}
        if is_retired and not theme.is_retired:
            theme.retired_at = timezone.now()
        if not is_retired:
            theme.retired_at = None
        theme.name, theme.description, theme.is_retired = name, description, is_retired
        theme.updated_by = actor
        bump_version(theme)
        _save_named(theme, exclude=theme)
        record(
            actor=actor,
            action="theme.updated",
            partnership=theme.partnership,
            target=theme,
            changes=diff(before, {"name": name, "description": description, "is_retired": is_retired}),
        )
    return theme
