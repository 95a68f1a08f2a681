from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the
    form has it, otherwise at the top of the error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


class Refused(PermissionDenied):
    """A refusal the person can act on: what is true of the record ("it has
    been submitted", "the audit has moved past writing up") and the way back,
    instead of the page for a role that lacks the part of maca. Raised from a
    view like any ``PermissionDenied``; ``core.views.permission_denied``
    draws the page, with ``status`` (403 unless the page is a working answer)."""

    def __init__(
        self,
        *,
        title: str,
        paragraphs: list[str],
        back_text: str,
        back_url: str,
        caption: str = "",
        status: int = 403,
    ):
        super().__init__(title)
        self.title, self.paragraphs, self.caption, self.status = title, paragraphs, caption, status
        self.back_text, self.back_url = back_text, back_url
        # What the person typed and could not save, as (what, typed) pairs,
        # shown for them to copy (added by the view that refused the save).
        self.not_saved: list[tuple[str, str]] = []
