from __future__ import annotations

from django import forms

from maca.audit_trail.sentences import action_label, kind_name
from maca.core.forms import GovukDateField, GovukTextField

RECORD_NUMBER_IN_FIGURES = "The record number must be in figures, like 123"


class AuditEventFilterForm(forms.Form):
    """The audit log's filters. Every choice is given by the view (from the
    selectors), so that none needs a scan of the log."""

    actor = forms.ChoiceField(
        label="Person", required=False, error_messages={"invalid_choice": "Select a person from the list"}
    )
    action = forms.ChoiceField(
        label="Action", required=False, error_messages={"invalid_choice": "Select an action from the list"}
    )
    object_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        error_messages={"invalid_choice": "Select a kind of record from the list"},
    )
    object_id = GovukTextField(
        label="Record number",
        error_name="The record number",
        required=False,
        max_length=64,
        error_messages={"max_length": "The record number must be 64 characters or fewer"},
    )
    date_from = GovukDateField(label="From", required=False, error_name="The ‘from’ date")
    date_to = GovukDateField(label="To", required=False, error_name="The ‘to’ date")

    def __init__(self, *args, people: list[tuple[str, str]], actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", "Anyone"), *people]
        by_label = lambda choice: choice[1]  # noqa: E731
        self.fields["action"].choices = [
            ("", "Any action"),
            *sorted(((a, action_label(a)) for a in actions), key=by_label),
        ]
        self.fields["object_type"].choices = [
            ("", "Any kind"),
            *sorted(((t, kind_name(t).capitalize()) for t in object_types), key=by_label),
        ]

    def clean_object_id(self):
        # Every record's number is its id, in figures: "abc" matches nothing, so it is refused, not searched.
        value = (self.cleaned_data.get("object_id") or "").strip()
        if value and not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(RECORD_NUMBER_IN_FIGURES)
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned
