"""What people type into a chronology, with GOV.UK error messages. The rules
themselves live in :mod:`maca.returns.chronology`, shared with the services and
the file import."""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from maca.core.forms import GovukDateField, GovukTextField, VersionedForm
from maca.returns import chronology
from maca.returns.models import Impact


class EntryDateField(GovukDateField):
    """A GOV.UK date whose error messages name it without '(optional)'."""

    def __init__(self, *, error_label: str, **kwargs):
        self.error_label = error_label
        super().__init__(**kwargs)

    def to_python(self, value):
        label, self.label = self.label, self.error_label
        try:
            return super().to_python(value)
        finally:
            self.label = label


def _text_field(name: str, *, label: str, hint: str, required: bool, rows: int) -> GovukTextField:
    limit = chronology.LIMITS[name]
    messages = {"max_length": chronology.too_long_message(name)}
    if required:
        messages["required"] = "Enter the significant event"
    # Line breaks count as one character each, as the character count shows them.
    return GovukTextField(
        label=label,
        required=required,
        max_length=limit,
        # The character count says the limit ("You can enter up to 2,000 characters").
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
    )


# The date the hint and the error messages give as an example: an event's,
# so in the past (the spreadsheet's instructions write it as 27/3/2025).
DATE_EXAMPLE = "27 3 2025"


class EntryForm(forms.Form):
    date = EntryDateField(
        label=chronology.DATE_LABEL,
        error_label=chronology.DATE_LABEL,
        help_text=f"For a period, the day it started. For example, {DATE_EXAMPLE}",
        example=DATE_EXAMPLE,
        error_messages={"required": f"Enter {chronology.LABELS['date']}"},
    )
    end_date = EntryDateField(
        label="End date (optional)",
        error_label="End date",
        example=DATE_EXAMPLE,
        required=False,
        help_text="Only for a period, such as a stay in hospital or a child protection plan",
    )
    event = _text_field("event", label="Significant event", hint="What happened.", required=True, rows=4)
    source = _text_field(
        "source",
        label="Source (optional)",
        hint="Where it is recorded, for example ‘GP record’ or ‘police incident log’.",
        required=False,
        rows=2,
    )
    impact = forms.ChoiceField(
        label="Impact on the child",
        choices=Impact.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the impact on the child",
            "invalid_choice": "Select the impact on the child",
        },
    )
    action_taken = _text_field(
        "action_taken", label="Action taken (optional)", hint="What was done as a result.", required=False, rows=3
    )

    def clean(self):
        data = super().clean()
        problems = chronology.entry_problems(
            date=data.get("date"),
            end_date=data.get("end_date"),
            event=data.get("event") or "",
            source=data.get("source") or "",
            impact=data.get("impact"),
            action_taken=data.get("action_taken") or "",
            today=timezone.localdate(),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def full_clean(self):
        """As :meth:`django.forms.Form.full_clean`, with the errors in the order of
        the fields on the page, as the error summary must list them."""
        super().full_clean()
        if self._errors:
            order = {name: position for position, name in enumerate(self.fields)}
            ordered = sorted(self._errors.items(), key=lambda item: order.get(item[0], -1))
            self._errors = ErrorDict(ordered, renderer=self.renderer)

    def entry_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("date", "end_date", "event", "source", "impact", "action_taken")}


class EditEntryForm(VersionedForm, EntryForm):
    pass


class RemoveEntryForm(VersionedForm):
    pass


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=(
            f"A CSV file or an Excel workbook (.xlsx) of up to {chronology.MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            f"and {chronology.MAX_UPLOAD_ROWS:,} rows, with one row for each event."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
        },
    )


class IntegratedOptionsForm(forms.Form):
    """How long a gap, and how close together events, to point out."""

    gap = forms.TypedChoiceField(
        label="Show gaps longer than",
        coerce=int,
        choices=[(days, f"{days} days") for days in chronology.GAP_CHOICES],
        required=False,
    )
    cluster_days = forms.TypedChoiceField(
        label="Show 3 or more events within",
        coerce=int,
        choices=[(days, f"{days} days") for days in chronology.CLUSTER_DAY_CHOICES],
        required=False,
    )

    def options(self) -> tuple[int, int]:
        """``(gap_days, cluster_days)``; the defaults for anything missing or not offered."""
        self.is_valid()  # keeps the fields that are valid in cleaned_data
        gap = self.cleaned_data.get("gap") or chronology.DEFAULT_GAP_DAYS
        cluster_days = self.cleaned_data.get("cluster_days") or chronology.DEFAULT_CLUSTER_DAYS
        return gap, cluster_days
