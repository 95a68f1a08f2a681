from __future__ import annotations

from django import forms

from maca.core.forms import GovukTextField, VersionedForm, WholeNumberField
from maca.partnerships.presenters import agency_name
from maca.publications.models import APPROVER_ROLES, Kind


class AuditChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.programme.label})"


class NewPublicationForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to draft?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to draft", "invalid_choice": "Choose what to draft"},
    )
    audit = AuditChoiceField(
        label="Audit",
        queryset=None,
        required=False,
        help_text="For a briefing, learning summary or key messages.",
        empty_label="Choose an audit",
        error_messages={"invalid_choice": "Choose an audit from the list"},
    )
    year = forms.IntegerField(
        label="Programme year (for the annual report)",
        help_text="Years run April to March: for 2026 to 2027, enter 2026.",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter the year as 4 numbers, like 2026",
            "min_value": "Enter a year between 2000 and 2100",
            "max_value": "Enter a year between 2000 and 2100",
        },
    )

    def __init__(self, *args, audits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = audits

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Each kind reads only its own field: what is typed in the other is
        # not refused (nor used).
        if kind == Kind.ANNUAL_REPORT:
            self.errors.pop("audit", None)
            data["audit"] = None
        elif kind:
            self.errors.pop("year", None)
            data["year"] = None
        if kind == Kind.ANNUAL_REPORT and not data.get("year") and "year" not in self.errors:
            self.add_error("year", "Enter the programme year of the annual report")
        if kind and kind != Kind.ANNUAL_REPORT and not data.get("audit") and "audit" not in self.errors:
            self.add_error("audit", "Choose the audit to draft it for")
        return data


class SectionForm(VersionedForm):
    heading = GovukTextField(
        label="Heading", error_name="The heading", max_length=300, error_messages={"required": "Enter the heading"}
    )
    text = GovukTextField(
        label="Text",
        error_name="The text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Leave a blank line between paragraphs. Start a line with ‘- ’ for a bulleted list, "
        "or ‘1. ’ for a numbered one.",
    )


class ReplaceForm(VersionedForm):
    address = forms.CharField(widget=forms.HiddenInput)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    found = forms.CharField(widget=forms.HiddenInput, strip=False)
    # A pseudonym, after its audit's title in a year's report (``pseudonyms.in_year_report``).
    new = forms.CharField(widget=forms.HiddenInput, max_length=300)


class OverrideForm(forms.Form):
    reason = GovukTextField(
        label="Why can this be published?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="For example: ‘This is the MASH’s public phone number’. Your reason is kept in the audit log.",
        error_messages={"required": "Say why this can be published"},
    )


class ConfirmForm(VersionedForm):
    pass


class SendBackForm(VersionedForm):
    reason = GovukTextField(
        label="What needs to change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Say what needs to change"},
    )


def _correction_reason_field() -> forms.CharField:
    return GovukTextField(
        label="What is being corrected, and why?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Shown with the corrected version, so readers know what changed.",
        error_messages={"required": "Say what is being corrected and why"},
    )


class CorrectionForm(forms.Form):
    reason = _correction_reason_field()


class CorrectionReasonForm(VersionedForm):
    """The reason of a correction still in draft, changed."""

    reason = _correction_reason_field()


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return agency_name(obj)


class PracticeForm(forms.Form):
    agency = AgencyChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose an agency from the list"},
    )
    meetings_held = WholeNumberField(
        label="Team meetings where it was used",
        min_value=0,
        max_value=10000,
        error_messages={
            "required": "Enter how many team meetings used it, 0 or more",
            "invalid": "Enter a whole number of meetings, like 3",
            "min_value": "Enter 0 or more meetings",
            "max_value": "Enter 10,000 or fewer meetings",
        },
    )
    staff_reached = WholeNumberField(
        label="Staff reached",
        min_value=0,
        max_value=1000000,
        error_messages={
            "required": "Enter how many staff it reached, 0 or more",
            "invalid": "Enter a whole number of staff, like 40",
            "min_value": "Enter 0 or more staff",
            "max_value": "Enter 1,000,000 or fewer staff",
        },
    )
    changes_made = GovukTextField(
        label="Changes made as a result",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="What the agency changed in its practice, policy or training.",
        error_messages={"required": "Say what changed, or that nothing has yet"},
    )

    # The version of the agency's report the person opened (0: none yet), so
    # that a report saved meanwhile by someone else is not overwritten unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # The agency that version is of: a version carried over to another agency
    # chosen from the list (after a conflict) says nothing about that one's report.
    version_of = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        if agency is not None and cleaned.get("version_of") not in (None, agency.pk):
            cleaned["version"] = None
        cleaned.pop("version_of", None)
        return cleaned

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class SettingsForm(VersionedForm):
    approver_role = forms.ChoiceField(
        label="Who approves publications before they are published?",
        choices=APPROVER_ROLES,
        widget=forms.RadioSelect,
        help_text="Give this role to the chair of your quality assurance sub-group. "
        "Nobody approves a version they submitted.",
        error_messages={
            "required": "Choose the role that approves publications",
            "invalid_choice": "Choose the role that approves publications",
        },
    )
    logo = forms.FileField(
        label="Logo (optional)",
        required=False,
        help_text="A PNG file smaller than 200 KB, printed on every publication.",
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)


class FamilyMemberForm(forms.Form):
    audit_case = forms.TypedChoiceField(
        label="Case",
        coerce=int,
        choices=(),
        error_messages={"required": "Choose the case", "invalid_choice": "Choose one of the audit’s cases"},
    )
    relation = GovukTextField(
        label="Who they are to the child",
        max_length=60,
        help_text="For example: mother, stepfather, brother. They will be called ‘Child A’s mother’.",
        error_messages={"required": "Say who they are to the child"},
    )
    names = GovukTextField(
        label="Names held for them (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: the safety check finds them in any publication. Kept encrypted, never published.",
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit_case"].choices = [("", "Choose a case")] + [(c.pk, f"Case {c.number}") for c in cases]


class NamesForm(VersionedForm):
    names = GovukTextField(
        label="Names held",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: full names, and any other name the person is known by.",
    )
