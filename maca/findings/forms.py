"""Forms of the meeting, findings, themes, immediate concerns and feedback.

A record that may not exist yet (the meeting, a case's discussion) carries
version 0 until it does: the service then refuses a save if someone else made
it in the meantime."""

from __future__ import annotations

from django import forms

from maca.core.forms import GovukDateField, VersionedForm
from maca.findings.models import AttendanceStatus, FindingKind, Polarity

NOT_RECORDED = ""


def _text(label: str, *, required: bool = False, rows: int = 4, max_length: int = 5000, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class MeetingForm(VersionedForm):
    held_on = GovukDateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting"},
        help_text="For example, 5 11 2026",
    )
    returns_quality = _text(
        "How good were the agencies' returns?",
        help_text="Were they on time, complete and evidenced? Do not name the child or family.",
    )
    attendance_judgement = _text(
        "Was the meeting well attended?", help_text="Were the agencies that audited the cases there?"
    )
    notes = _text("Anything else about the audit itself", required=False)


class AttendanceForm(VersionedForm):
    """One radio group and one box per agency involved in the audit."""

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        choices = [*AttendanceStatus.choices, (NOT_RECORDED, "Not recorded")]
        for agency in self.agencies:
            self.fields[f"status_{agency.pk}"] = forms.ChoiceField(
                label=agency.name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"people_{agency.pk}"] = forms.CharField(
                label=f"Who came or sent apologies for {agency.name} (optional)",
                required=False,
                max_length=1000,
                help_text="Names and roles.",
            )

    def rows(self) -> list[dict]:
        return [
            {
                "agency": agency,
                "status": self.cleaned_data.get(f"status_{agency.pk}") or "",
                "people": self.cleaned_data.get(f"people_{agency.pk}") or "",
            }
            for agency in self.agencies
        ]

    def pairs(self):
        """(status field, people field) per agency, for the template."""
        return [(self[f"status_{a.pk}"], self[f"people_{a.pk}"]) for a in self.agencies]


class DiscussionForm(VersionedForm):
    notes = _text("Notes of the discussion", rows=6, help_text="Do not name the child or family.")

    def __init__(self, *args, levels: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_grade"] = forms.ChoiceField(
            label="Overall grade agreed by the meeting",
            choices=[(str(level["value"]), level["label"]) for level in levels] + [("", "Not agreed yet")],
            required=False,
            widget=forms.RadioSelect,
        )


class FindingForm(forms.Form):
    """A strength or finding written at the meeting."""

    kind = forms.ChoiceField(
        label="What kind is it?",
        choices=FindingKind.choices,
        initial=FindingKind.FINDING,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind it is"},
    )
    polarity = forms.ChoiceField(
        label="Is it a strength or a concern?",
        choices=[*Polarity.choices, ("", "Let maca suggest, then confirm")],
        required=False,
        widget=forms.RadioSelect,
    )
    text = _text(
        "What did the meeting agree?",
        required=True,
        rows=5,
        error_messages={"required": "Enter the strength or finding"},
        help_text="One strength or finding. Do not name the child, the family or practitioners.",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"] = forms.ChoiceField(
            label="Which agency does it concern? (optional)",
            choices=[("", "No one agency")] + [(key, a.name) for key, a in self.agencies.items()],
            required=False,
        )
        self.order_fields(["kind", "polarity", "agency", "text"])

    def chosen_agency(self):
        return self.agencies.get(self.cleaned_data.get("agency") or "")


class EditFindingForm(FindingForm, VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["polarity"]  # confirmed with the themes


class TagsForm(VersionedForm):
    """The person accepts or rejects maca's suggestions: ticked themes are confirmed."""

    polarity = forms.ChoiceField(
        label="Strength or concern",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select strength or concern"},
    )

    def __init__(self, *args, themes, hints: dict[str, str] | None = None, polarity_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.MultipleChoiceField(
            label="Themes",
            choices=[(t.key, t.name) for t in themes],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Ticked themes are confirmed: reports use them. Untick a suggestion to reject it.",
        )
        field.choice_hints = hints or {}
        self.fields["themes"] = field
        if polarity_hint:
            self.fields["polarity"].help_text = polarity_hint


class RemoveFindingForm(VersionedForm):
    reason = _text(
        "Why is it being removed?",
        required=True,
        rows=3,
        max_length=2000,
        error_messages={"required": "Enter why the finding is being removed"},
        help_text="It is kept, marked as removed, with this reason.",
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the theme's name"})
    description = _text("What it covers (optional)", rows=3, max_length=1000)


class EditThemeForm(ThemeForm, VersionedForm):
    is_retired = forms.BooleanField(
        label="Retire this theme",
        required=False,
        help_text="A retired theme is no longer offered; findings already tagged with it keep it.",
    )


class ConcernForm(forms.Form):
    what_was_found = _text(
        "What was found?",
        required=True,
        rows=5,
        max_length=3000,
        error_messages={"required": "Enter what was found"},
        help_text="Enough for the agency to act today. It is not put in the e-mail.",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"] = forms.ChoiceField(
            label="Which agency must act on it?",
            choices=[(key, a.name) for key, a in self.agencies.items()],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the agency that must act on it"},
        )
        self.order_fields(["agency", "what_was_found"])

    def chosen_agency(self):
        return self.agencies[self.cleaned_data["agency"]]


class AcknowledgeForm(VersionedForm):
    acknowledgement = _text(
        "What has your agency done, or what will it do?",
        required=True,
        rows=4,
        max_length=3000,
        error_messages={"required": "Enter what your agency has done or will do"},
    )


class FeedbackForm(forms.Form):
    what_was_fed_back = _text(
        "What was fed back?",
        required=True,
        rows=5,
        error_messages={"required": "Enter what was fed back"},
        help_text="What the audit found about your agency's work on this case.",
    )
    given_to = forms.CharField(
        label="To whom (optional)",
        required=False,
        max_length=500,
        help_text="Roles or teams, for example 'the allocated social worker and their manager'.",
    )
    given_on = GovukDateField(
        label="When was it given?",
        error_messages={"required": "Enter the date feedback was given"},
        help_text="For example, 20 11 2026",
    )
