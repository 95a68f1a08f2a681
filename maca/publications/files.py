"""A version's file to download, rendered once if the version is published.

A published version's text never changes, so its PDF and Word files are kept
(``RenderedFile``) and served again until the letterhead (the partnership's
name or logo, or the note a correction carries) changes. Drafts and versions awaiting approval change, and are
read by few: they are rendered at every download, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction

from maca.publications.document import Document
from maca.publications.models import PublicationVersion, RenderedFile, Status
from maca.publications.rendering import Letterhead

Render = Callable[[Document, Letterhead], bytes]


def file_key(version: PublicationVersion, letterhead: Letterhead, fmt: str) -> str:
    """A digest of everything the file is made from."""
    digest = hashlib.sha256()
    digest.update(json.dumps(version.document, sort_keys=True, ensure_ascii=False).encode())
    digest.update(b"\x00" + letterhead.partnership_name.encode() + b"\x00" + letterhead.status_note.encode())
    digest.update(b"\x00" + hashlib.sha256(letterhead.logo_png).digest() + b"\x00" + fmt.encode())
    if letterhead.correction_note:
        # Only when there is one: a file kept before corrections were printed is made again
        # (it lacked the note), and every other kept file keeps its key.
        digest.update(b"\x00correction\x00" + letterhead.correction_note.encode())
    return digest.hexdigest()


def file_of(version: PublicationVersion, letterhead: Letterhead, fmt: str, render: Render) -> bytes:
    if version.status != Status.PUBLISHED:
        return render(Document.from_json(version.document), letterhead)
    key = file_key(version, letterhead, fmt)
    kept = RenderedFile.objects.filter(partnership_id=version.partnership_id, version=version, format=fmt).first()
    if kept is not None and kept.key == key:
        return bytes(kept.content)
    content = render(Document.from_json(version.document), letterhead)
    _keep(version, fmt, key, content)
    return content


def _keep(version: PublicationVersion, fmt: str, key: str, content: bytes) -> None:
    """Keep the file (replacing one made from an older letterhead). Two first
    downloads at once both render; the second to save gives way."""
    try:
        with transaction.atomic():
            RenderedFile.objects.update_or_create(
                partnership_id=version.partnership_id,
                version=version,
                format=fmt,
                defaults={"key": key, "content": content},
            )
    except IntegrityError:
        pass
