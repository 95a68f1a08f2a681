"""Optimistic locking: two people editing one record never overwrite each other.

A versioned model carries ``version``; the form carries the version the user
started from; the service locks the row, compares, and refuses with
:class:`EditConflict` when someone else saved first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
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

    def message(self, what: str = "this record", *, by_you: bool = False) -> str:
        """What a page whose form is typed again (not merged) says: as above,
        or, when what was saved meanwhile is the same person's, from another
        page (another tab or window), so, in the words ``Merged.message`` uses."""
        if not by_you:
            return str(self)
        return (
            f"{changed_on_another_page(what)}. "
            "Your changes on this page have not been saved: check the current details and try again."
        )


def changed_on_another_page(what: str) -> str:
    """The person's own save meanwhile, in another tab or window, in words."""
    return f"You changed {what} on another page (another tab or window) while editing it here"


def changed_on_another_page_title(what: str) -> str:
    """The heading of a page's error summary telling the person's own save
    meanwhile (the pages' default heading is "Someone else changed …")."""
    return f"You changed {what} on another page"


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


def typed_again_after_conflict(
    make_form, data, conflict: EditConflict, message: str | None = None, *, field: str | None = None
):
    """The form as the person typed it, shown again after ``conflict``.

    For forms of one field typed by the person (a section of a publication, a
    reason, a confirmation), which are not merged field by field (ADR 0027):
    the person's words are kept as they typed them, and the form now points
    at the version saved meanwhile, so saving again is a knowing choice to
    replace it.

    ``make_form(data)`` builds the page's form from submitted data (a form
    class, or a function adding the form's other arguments); ``data`` is what
    was submitted (``request.POST``). The form returned is bound to ``data``
    rebased on ``conflict.instance.version`` (:func:`rebase_on_version`) and
    already validated, so it shows the person's values and takes errors. If
    ``message`` is given it is added as an error: on ``field``, or on the
    whole form when ``field`` is ``None``.

    What is saved now (``conflict.instance``) is left to the page to show
    beside the form, each page in its own way, as is any other notice.
    """
    form = make_form(rebase_on_version(data, conflict.instance.version))
    form.is_valid()
    if message is not None:
        form.add_error(field, message)
    return form


# After a conflict: a three-way merge ------------------------------------------------------------
#
# A versioned form also carries, signed, the values it was opened with
# (``VersionedForm.started``). When a save meets a conflict, each field is
# settled on its own: what the person changed is kept, what they did not
# change takes the value saved meanwhile, so saving again never puts back
# an old value over someone else's change. Where both changed the same field,
# the person's value is kept and the page names the field. A field of several
# choices (ticked boxes) is merged choice by choice.

_SALT = "maca.core.concurrency.started"
NOT_COMPARED = ("version", "started")


def plain(value):
    """A field's value in one comparable form, whether it came from a record
    (ids, dates, text) or from a form's cleaned data (records, querysets)."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted(plain(item) for item in value)
    return str(value).replace("\r\n", "\n").strip()


def started_token(fields, values: dict) -> str:
    """The signed values a form was opened with (``values`` by field name)."""
    return signing.dumps(
        {name: plain(values.get(name)) for name in fields if name not in NOT_COMPARED}, salt=_SALT, compress=True
    )


def _started(token: str) -> dict | None:
    try:
        return signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None


@dataclass(frozen=True)
class Merged:
    """What to show after a conflict: ``initial`` for the form (the merge,
    the current version and the current values as the new start), the
    labels of the fields both people changed, and ``theirs``: what is saved
    now in each of those fields, by field name."""

    initial: dict
    both_changed: list[str]
    theirs: dict = field(default_factory=dict)

    def shown_on(self, form, *, by_you: bool = False):
        """``form`` (the page's form, built from ``initial``), carrying what
        the other person saved in each field both changed: ``govuk_field``
        shows it under the field, so the person can compare it with theirs
        before saving again (``core.form_rendering``). ``by_you``: what was
        saved meanwhile is the same person's, from another page (another tab
        or window), and is said so."""
        form.saved_meanwhile = self.theirs
        form.saved_meanwhile_by_you = by_you
        return form

    def message(self, what: str = "this", *, by_you: bool = False) -> str:
        if by_you:
            words = (
                f"{changed_on_another_page(what)}, so nothing has been saved yet. The form now shows what you "
                "saved there, with your changes on this page kept where you made them. "
            )
        else:
            words = (
                f"Someone else changed {what} while you were editing it, so nothing has been saved yet. "
                "The form now shows what they saved, with your changes kept where you made them. "
            )
        if self.both_changed:
            named = [f"‘{label}’" for label in self.both_changed]
            fields = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
            if by_you:
                words += f"You changed {fields} on both pages: this page’s is shown, with the other page’s under it. "
            else:
                words += f"You both changed {fields}: yours is shown, with theirs under it. "
        return words + "Check it and save again."


def _label(form_field, name: str) -> str:
    """A field as its label names it, without "(optional)"."""
    return str(form_field.label or name).removesuffix(" (optional)")


def merge_after_conflict(form, current: dict, *, version: int) -> Merged:
    """``form``: the valid form whose save met a conflict; ``current``: the
    record's values now, by field name, as the form's initial would have
    them. Without the values the form was opened with (a page opened before
    they were carried), every field the person's form differs in is named."""
    started = _started(form.cleaned_data.get("started", ""))
    initial: dict = {}
    both: list[str] = []
    theirs_where_both: dict = {}
    for name, form_field in form.fields.items():
        if name in NOT_COMPARED or name not in form.cleaned_data:
            continue
        # Compared as cleaned values; shown again as typed (a date as its three
        # boxes, a choice as its value), which is what a form's initial takes.
        mine, theirs = form[name].value(), current.get(name)
        mine_plain, theirs_plain = plain(form.cleaned_data[name]), plain(theirs)
        if started is None or name not in started:
            initial[name] = mine
            if mine_plain != theirs_plain:
                both.append(_label(form_field, name))
                theirs_where_both[name] = theirs
            continue
        before = started[name]
        if isinstance(before, list) and isinstance(mine_plain, list) and isinstance(theirs_plain, list):
            added, removed = set(mine_plain) - set(before), set(before) - set(mine_plain)
            initial[name] = sorted((set(theirs_plain) | added) - removed)
        elif mine_plain == before:
            initial[name] = theirs
        else:
            initial[name] = mine
            if theirs_plain not in (before, mine_plain):
                both.append(_label(form_field, name))
                theirs_where_both[name] = theirs
    initial["version"] = version
    initial["started"] = started_token(form.fields, current)
    return Merged(initial, both, theirs_where_both)
