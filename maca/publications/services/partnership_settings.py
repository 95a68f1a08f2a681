"""The partnership's publication settings: who approves, and the logo."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.publications import rendering
from maca.publications.models import (
    APPROVER_ROLES,
    PublicationSettings,
)

MAX_LOGO = 200_000


# Pixels across and down: far more than a logo 2 cm high needs.
MAX_LOGO_PIXELS = 4_000


def _settings_as_they_are(item, approver_role: str, logo_png: bytes | None, remove_logo: bool) -> bool:
    logo = bytes(item.logo_png or b"")
    wanted = b"" if remove_logo else (logo_png if logo_png is not None else logo)
    return item.approver_role == approver_role and wanted == logo


def _check_logo(logo_png: bytes) -> None:
    """Refuse a logo that is not a PNG, too large, too many pixels across, or
    that cannot be read (one that only starts like a PNG, or is cut short):
    saved, it would be printed on every publication's files."""
    if not logo_png.startswith(rendering.PNG_SIGNATURE):
        raise ValidationError({"logo": "The logo must be a PNG file"})
    if len(logo_png) > MAX_LOGO:
        raise ValidationError({"logo": "The logo must be smaller than 200 KB"})
    pixels = rendering.png_pixels(logo_png)
    # Its size first, from its header: a small file can hold a picture too large to open.
    if pixels is not None and max(pixels) > MAX_LOGO_PIXELS:
        most = f"{MAX_LOGO_PIXELS:,} pixels"
        raise ValidationError({"logo": f"The logo must be no more than {most} wide and {most} high"})
    if pixels is None or not rendering.logo_is_readable(logo_png):
        raise ValidationError(
            {"logo": "The logo must be a PNG file that can be opened: this one is damaged or incomplete"}
        )


def settings_update(
    *,
    actor,
    partnership,
    approver_role: str,
    logo_png: bytes | None,
    remove_logo: bool = False,
    expected_version: int | None = None,
):
    """``expected_version``: the settings' version the person opened (1 when
    none were saved yet): refused with ``EditConflict`` if another admin saved
    them since."""
    if approver_role not in dict(APPROVER_ROLES):
        raise ValidationError({"approver_role": "Choose the role that approves publications"})
    if logo_png is not None:
        _check_logo(logo_png)
    with transaction.atomic():
        saved = PublicationSettings.objects.filter(partnership=partnership).first()
        if (
            saved is None
            and expected_version in (None, 1)
            and _settings_as_they_are(
                PublicationSettings(partnership=partnership), approver_role, logo_png, remove_logo
            )
        ):
            # Nothing saved yet and nothing asked for but the defaults: no row, no log.
            return PublicationSettings(partnership=partnership)
        item, _ = PublicationSettings.objects.get_or_create(partnership=partnership)
        item = lock_for_update(item, expected_version=expected_version)
        if _settings_as_they_are(item, approver_role, logo_png, remove_logo):
            # Saved as they are: nothing to change or log, and the version stays
            # (the page says nothing was changed).
            return item
        before = item.approver_role
        item.approver_role = approver_role
        if remove_logo:
            item.logo_png = b""
        elif logo_png is not None:
            item.logo_png = logo_png
        bump_version(item)
        item.save()
        record(
            actor=actor,
            action="publication_settings.changed",
            partnership=partnership,
            target=partnership,
            changes={
                "approver_role": [before, approver_role] if before != approver_role else None,
                "logo": "removed" if remove_logo else ("changed" if logo_png is not None else None),
            },
        )
    return item
