"""Optimistic locking: two people editing one record never overwrite each other.

A versioned model carries ``version``; the form carries the version the user
started from; the service locks the row, compares, and refuses with
:class:`EditConflict` when someone else saved first.
"""

from __future__ import annotations

from django.db import models


class EditConflict(Exception):
    """Someone else saved this record after the user started editing it."""

    def __init__(self, instance: models.Model, *, expected: int | None = None):
        self.instance = instance
        self.expected = expected
        super().__init__(
            "Someone else changed this record while you were editing it. "
            "Your changes have not been saved: check the current details and try again."
        )


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def lock_for_update(instance: models.Model, *, expected_version: int | None):
    """Re-read ``instance`` with a row lock and check it is the expected version.

    Must run inside ``transaction.atomic()``. Returns the fresh instance.
    """
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise EditConflict(fresh, expected=expected_version)
    return fresh


def bump_version(instance: models.Model) -> None:
    instance.version = (instance.version or 0) + 1


def rebase_on_version(data, version: int):
    """A copy of submitted form data pointing at ``version``: after a conflict,
    the user sees the current record and may save their own values over it
    knowingly."""
    data = data.copy()
    data["version"] = str(version)
    return data
