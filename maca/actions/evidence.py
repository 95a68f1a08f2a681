"""Evidence files: what may be attached to a progress update, and how it is kept.

A file is accepted when its name ends in one of :data:`KINDS`, its first bytes
are that kind's (a renamed program is refused), and it is no larger than
``MACA_ACTION_EVIDENCE_MAX_BYTES`` (5 MB by default: the upload then stays in
memory, never in a temporary file, see ``maca.cases.uploads``). At most
:data:`MAX_FILES` go with one update. The file is encrypted
(``maca.core.crypto``) and kept in the database, never under static or media
files, and is served only by ``actions:evidence``, which checks who asks and
sends it as a download.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from maca.core.crypto import decrypt_bytes, encrypt_bytes

MAX_FILES = 5
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    magic: tuple[bytes, ...]  # empty: text

    @property
    def with_article(self) -> str:
        """ "a PDF", "an Excel": by the sound of the label's first letter."""
        return f"{'an' if self.label[:1] in 'AEIOU' else 'a'} {self.label}"


KINDS = {
    "pdf": Kind("PDF", "application/pdf", (b"%PDF-",)),
    "docx": Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "odt": Kind("OpenDocument text", "application/vnd.oasis.opendocument.text", (ZIP,)),
    "png": Kind("PNG image", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": Kind("JPEG image", "image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": Kind("JPEG image", "image/jpeg", (b"\xff\xd8\xff",)),
    "txt": Kind("text", "text/plain", ()),
    "csv": Kind("CSV", "text/csv", ()),
}


def max_bytes() -> int:
    return int(getattr(settings, "MACA_ACTION_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))


def allowed_text() -> str:
    names = sorted({k for k in KINDS if k != "jpeg"})
    return ", ".join(n.upper() for n in names)


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, n // 1024)} KB"


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_file(upload) -> Checked:
    """Read one uploaded file and check it, or raise ``ValidationError`` saying
    why not, with no full stop, as every other GOV.UK error message on the page."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS:
        raise ValidationError(f"‘{name}’ must be one of these kinds of file: {allowed_text()}")
    if upload.size > max_bytes():
        raise ValidationError(f"‘{name}’ must be {size_text(max_bytes())} or smaller")
    upload.seek(0)
    data = upload.read()
    if not data:
        raise ValidationError(f"‘{name}’ is empty")
    if len(data) > max_bytes():
        raise ValidationError(f"‘{name}’ must be {size_text(max_bytes())} or smaller")
    kind = KINDS[ext]
    if kind.magic:
        if not any(data.startswith(m) for m in kind.magic):
            raise ValidationError(f"‘{name}’ is not {kind.with_article} file, whatever its name says")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(f"‘{name}’ is not a text file: save it as UTF-8 text") from error
        if "\x00" in text:
            raise ValidationError(f"‘{name}’ is not a text file")
    return Checked(filename=name, content_type=kind.content_type, data=data)


def seal(data: bytes) -> bytes:
    return encrypt_bytes(data)


def unseal(content) -> bytes:
    return decrypt_bytes(bytes(content))
