from __future__ import annotations

from django import forms

from maca.core.forms import GovukDateField


class AuditEventFilterForm(forms.Form):
    """The audit log's filters. Every choice is given by the view (from the
    selectors), so that none needs a scan of the log."""

    actor = forms.ChoiceField(label="Person", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Kind of record", required=False)
    object_id = forms.CharField(label="Record number", required=False, max_length=64)
    date_from = GovukDateField(label="From", required=False, error_name="The ‘from’ date")
    date_to = GovukDateField(label="To", required=False, error_name="The ‘to’ date")

    def __init__(self, *args, people: list[tuple[str, str]], actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", "Anyone"), *people]
        self.fields["action"].choices = [("", "Any action")] + [(a, a) for a in actions]
        self.fields["object_type"].choices = [("", "Any kind")] + [(t, t) for t in object_types]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned
