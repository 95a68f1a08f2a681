"""Where maca keeps values encrypted with the field keys, so that
``manage.py rotate_encryption_keys`` can re-encrypt every one of them.

core knows no app: each app registers the columns it seals, from its
``AppConfig.ready()``. A column holds a Fernet token (an ``EncryptedJSONField``,
or text or bytes holding a token), or, given ``key``, a JSON object holding a
token under that key. A test checks that every ``EncryptedJSONField`` of every
installed model is registered, so a new one cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction

from maca.core import crypto
from maca.core.fields import Sealed


@dataclass(frozen=True)
class SealedColumn:
    model: str  # "app_label.ModelName"
    field: str
    key: str | None = None  # for a JSON column: the key whose value is a token

    @property
    def label(self) -> str:
        return f"{self.model}.{self.field}" + (f"[{self.key}]" if self.key else "")


_registry: dict[str, SealedColumn] = {}


def register(model: type[models.Model] | str, field: str, *, key: str | None = None) -> SealedColumn:
    """Declare that ``model.field`` holds values encrypted with ``maca.core.crypto``.
    ``model`` is a model class or an ``"app_label.ModelName"`` label."""
    label = model if isinstance(model, str) else model._meta.label
    column = SealedColumn(label, field, key)
    _registry[column.label] = column
    return column


def registered() -> list[SealedColumn]:
    return sorted(_registry.values(), key=lambda column: column.label)


def rotate(column: SealedColumn, *, batch_size: int = 2000) -> int:
    """Re-encrypt every value of ``column`` with the newest key, in batches of
    ``batch_size`` rows, each batch in its own transaction. Returns how many
    values were re-encrypted."""
    if batch_size < 1:
        # range() with a step below 1 rotates nothing (or fails), and a rotation
        # that seemed done would lose every value once the old key is removed.
        raise ValueError(f"The batch size must be 1 or more, not {batch_size}")
    model = apps.get_model(column.model)
    manager = model._base_manager
    rows = manager.filter(**{f"{column.field}__isnull": False})
    if column.key:
        rows = rows.filter(**{f"{column.field}__has_key": column.key})
    elif isinstance(model._meta.get_field(column.field), models.CharField | models.TextField):
        rows = rows.exclude(**{column.field: ""})
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = manager.select_for_update().filter(pk__in=ids[start : start + batch_size])
            for pk, value in batch.values_list("pk", column.field):
                rotated = _rotated(value, column.key)
                if rotated is not None:
                    manager.filter(pk=pk).update(**{column.field: rotated})
                    count += 1
    return count


def _rotated(value: Any, key: str | None) -> Any:
    """``value`` re-encrypted with the newest key, or ``None`` when it holds nothing."""
    if key is not None:
        token = value.get(key) if isinstance(value, dict) else None
        return {**value, key: crypto.rotate(token)} if token else None
    if isinstance(value, Sealed):
        return Sealed(crypto.rotate(value.token))
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return crypto.rotate(raw.decode("ascii")).encode("ascii") if raw else None
    if isinstance(value, str):
        return crypto.rotate(value) if value else None
    return None  # an empty EncryptedJSONField reads back as {}
