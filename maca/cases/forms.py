"""The upload and column-mapping forms, with GOV.UK error messages."""

from __future__ import annotations

from pathlib import PurePath

from django import forms

from maca.cases.columns import AGE_FIELDS, FIELDS, reference_clashes
from maca.cases.reading import FORMATS, max_bytes, size_limit_message
from maca.core.forms import GovukTextField


def _optional(label: str) -> str:
    """ "Sex (optional)"; one pair of brackets for a label that has its own:
    "Expected date of delivery (unborn children, optional)"."""
    return f"{label[:-1]}, optional)" if label.endswith(")") else f"{label} (optional)"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a case list",
        help_text="A CSV or Excel (.xlsx) file, with the column headings in the first row.",
        error_messages={"required": "Select a case list file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in FORMATS:
            raise forms.ValidationError("The selected file must be a CSV or an Excel workbook (.xlsx)")
        if upload.size > max_bytes():
            raise forms.ValidationError(size_limit_message())
        return upload


class MappingForm(forms.Form):
    """One select per maca field, listing the file's headings."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((heading, heading) for heading in headers)]
        for field in FIELDS:
            optional = not field.required and field.key not in AGE_FIELDS
            self.fields[field.key] = forms.ChoiceField(
                label=_optional(field.label) if optional else field.label,
                choices=choices,
                required=False,
                help_text=field.hint,
                error_messages={"invalid_choice": "Select a column that is in the file"},
            )
        self.fields["save_as"] = GovukTextField(
            label="Save this mapping as (optional)",
            error_name="The name",
            help_text="A name such as ‘Case management export’. Next time, a file with the same headings is mapped "
            "the same way.",
            required=False,
            max_length=100,
            error_messages={"max_length": "The name must be 100 characters or fewer"},
        )

    def clean(self):
        data = super().clean()
        for field in FIELDS:
            if field.required and not data.get(field.key) and field.key not in self.errors:
                self.add_error(field.key, f"Select the column that holds the {field.label.lower()}")
        if not any(data.get(key) for key in AGE_FIELDS):
            self.add_error("date_of_birth", "Select the column with the date of birth, or the column with the age")
        for reference, message in reference_clashes(data):
            if reference not in self.errors:
                self.add_error(reference, message)
        return data

    GROUPS = [
        (
            "Needed for every child",
            ["family_reference", "child_reference", "service_level", "date_of_birth", "age", "expected_delivery"],
        ),
        (
            "About the child and the case",
            [
                "sex",
                "ethnicity",
                "disability",
                "locality",
                "open_date",
                "closed_date",
                "referral_dates",
                "flags",
                "agencies",
            ],
        ),
        (
            "Identifiers that help agencies find their records",
            ["family_number", "child_case_number", "nhs_number", "child_name"],
        ),
    ]

    def field_groups(self) -> list[tuple[str, list]]:
        """The selects under headings, for the template."""
        return [(title, [self[key] for key in keys]) for title, keys in self.GROUPS]

    def columns(self) -> dict[str, str]:
        return {field.key: self.cleaned_data[field.key] for field in FIELDS if self.cleaned_data.get(field.key)}
