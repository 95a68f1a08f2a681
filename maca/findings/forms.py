"""Forms of the meeting, findings, themes, immediate concerns and feedback.

A record that may not exist yet (the meeting, a case's discussion) carries
version 0 until it does: the service then refuses a save if someone else made
it in the meantime."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from maca.core.forms import GovukDateField, GovukTextField, VersionedForm, null_character_message
from maca.findings.models import FINDING_TEXT_MAX_LENGTH, AttendanceStatus, FindingKind, Polarity
from maca.findings.presenters import NOT_AGREED
from maca.findings.services import GOOD_PRACTICE_SELECT_STRENGTH, MEETING_NOT_YET_HELD, retired_meanwhile
from maca.partnerships.presenters import agency_name
from maca.programme.models import returns_called

NOT_RECORDED = ""

# What each box holds, for messages that name it ("The notes must be 5,000
# characters or fewer"), and what each list offers ("Select a grade from the
# list"), in place of Django's "Ensure this value has at most 5000 characters"
# and "Select a valid choice. 99 is not one of the available choices."
CALLED = {
    "returns_quality": "What you say about the returns",
    "attendance_judgement": "What you say about attendance",
    "others": "Who else came",
    "notes": "The notes",
    "text": "The text",
    "reason": "The reason",
    "name": "The name",
    "description": "What it covers",
    "what_was_found": "What was found",
    "acknowledgement": "What the agency is doing",
    "what_was_fed_back": "What was fed back",
    "given_to": "Who it was given to",
    "q": "The words to search for",
}
CHOICE_MESSAGES = {
    "agreed_grade": "Select a grade from the list",
    "kind": "Select a kind from the list",
    "polarity": "Select strength or concern",
    "agency": "Select an agency from the list",
    "theme": "Select a theme from the list",
    "themes": "Select themes from the list",
    "audit": "Select an audit from the list",
}
ANY_CHOICE = "Select one of the answers shown"


class WordedErrors:
    """Django's default messages for too long a text or a choice that is not in
    the list, in GOV.UK words that name the field. Applied when the form is
    checked, so that fields added in ``__init__`` are worded too."""

    def full_clean(self):
        for name, field in self.fields.items():
            what = CALLED.get(name)
            if what is None and name.startswith("people_"):
                what = "The names"
            worded_from_label = getattr(field, "max_length_worded_from_label", False)
            if getattr(field, "max_length", None) and ("max_length" not in field.error_messages or worded_from_label):
                field.error_messages["max_length"] = (
                    f"{what or 'The answer'} must be {field.max_length:,} characters or fewer"
                )
            if isinstance(field, forms.CharField) and (
                "null_characters_not_allowed" not in field.error_messages
                or (what and getattr(field, "null_worded_from_label", False))
            ):
                field.error_messages["null_characters_not_allowed"] = null_character_message(what or "The answer")
            if isinstance(field, forms.ChoiceField):
                message = CHOICE_MESSAGES.get(name, ANY_CHOICE)
                for code in ("invalid_choice", "invalid_list"):
                    if field.error_messages.get(code) in (None, *_DJANGO_CHOICE_MESSAGES):
                        field.error_messages[code] = message
        super().full_clean()

    def clean(self):
        # A browser posts a new line as "\r\n": text is kept with "\n" only,
        # as it is when written any other way (an import, a merge), so that
        # the same words compare, count and export alike.
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


_DJANGO_CHOICE_MESSAGES = (
    forms.ChoiceField.default_error_messages["invalid_choice"],
    forms.MultipleChoiceField.default_error_messages["invalid_choice"],
    forms.MultipleChoiceField.default_error_messages["invalid_list"],
)


def _text(label: str, *, required: bool = False, rows: int = 4, max_length: int = 5000, **kwargs) -> forms.CharField:
    return GovukTextField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class MeetingForm(WordedErrors, VersionedForm):
    held_on = GovukDateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting"},
        help_text="For example, 5 11 2026",
    )
    returns_quality = _text(
        "How good were the agencies’ returns? (optional)",
        help_text="Were they on time, complete and evidenced? Do not name the child or family.",
    )
    attendance_judgement = _text(
        "Was the meeting well attended? (optional)", help_text="Were the agencies that audited the cases there?"
    )
    notes = _text("Anything else about the audit itself (optional)", required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returns_quality"].label = f"How good were the agencies’ {returns_called(kind)}? (optional)"

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on is not None and held_on > timezone.localdate():
            raise forms.ValidationError(MEETING_NOT_YET_HELD)
        return held_on


class AttendanceForm(WordedErrors, VersionedForm):
    """One radio group and one box per agency involved in the audit."""

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        choices = [*AttendanceStatus.choices, (NOT_RECORDED, "Not recorded")]
        for agency in self.agencies:
            self.fields[f"status_{agency.pk}"] = forms.ChoiceField(
                label=agency_name(agency), choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"people_{agency.pk}"] = GovukTextField(
                label=f"Who came or sent apologies for {agency_name(agency)} (optional)",
                required=False,
                max_length=1000,
                help_text="Names and roles.",
            )
        self.fields["others"] = _text(
            "Anyone else who came (optional)",
            rows=3,
            max_length=2000,
            help_text="For example, the partnership’s own staff, or a partner that did not audit a case. "
            "Names and roles.",
        )

    def clean(self):
        cleaned = super().clean()
        for agency in self.agencies:
            status = cleaned.get(f"status_{agency.pk}") or ""
            if cleaned.get(f"people_{agency.pk}", "").strip() and status in ("", NOT_RECORDED):
                # Names with no attendance would be thrown away: say so rather than lose them.
                self.add_error(
                    f"status_{agency.pk}",
                    f"Select whether {agency_name(agency)} attended, sent apologies or did not attend, "
                    "or remove the names",
                )
        return cleaned

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


class DiscussionForm(WordedErrors, VersionedForm):
    notes = _text("Notes of the discussion", rows=6, help_text="Do not name the child or family.")

    def __init__(self, *args, levels: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_grade"] = forms.ChoiceField(
            label="Overall grade agreed by the meeting",
            choices=[(str(level["value"]), level["label"]) for level in levels] + [("", NOT_AGREED)],
            required=False,
            widget=forms.RadioSelect,
        )


GOOD_PRACTICE_HINT = "Something a partner changed because of the audit (step 6 of the briefing). Always a strength."


class FindingForm(WordedErrors, forms.Form):
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
        max_length=FINDING_TEXT_MAX_LENGTH,
        error_messages={
            "required": "Enter the strength or finding",
            "max_length": f"The strength or finding must be {FINDING_TEXT_MAX_LENGTH:,} characters or fewer",
            "null_characters_not_allowed": null_character_message("The strength or finding"),
        },
        help_text="One strength or finding. Do not name the child, the family or practitioners.",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"] = forms.ChoiceField(
            label="Which agency does it concern? (optional)",
            choices=[("", "No one agency")] + [(key, agency_name(a)) for key, a in self.agencies.items()],
            required=False,
        )
        self.order_fields(["kind", "polarity", "agency", "text"])
        self.fields["kind"].choice_hints = {FindingKind.GOOD_PRACTICE: GOOD_PRACTICE_HINT}
        if "polarity" in self.fields:
            self.fields["polarity"].help_text = "Good practice resulting from the audit is always a strength."

    def chosen_agency(self):
        return self.agencies.get(self.cleaned_data.get("agency") or "")


class EditFindingForm(FindingForm, VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["polarity"]  # confirmed with the themes


class ThemesField(forms.MultipleChoiceField):
    """The themes' boxes. ``retired``: by key, the names of the partnership's
    retired themes that are not offered: one ticked on a page opened before it
    was retired is named in the error, not refused as any unknown value."""

    def __init__(self, *args, retired: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.retired = retired or {}

    def to_python(self, value):
        """The keys ticked, each once, in the order posted (a box posted twice is one theme)."""
        return list(dict.fromkeys(super().to_python(value)))

    def validate(self, value):
        gone = [self.retired[key] for key in value if key in self.retired]
        if gone:
            raise forms.ValidationError(retired_meanwhile(gone), code="retired")
        super().validate(value)


RETIRED = " (retired)"


class TagsForm(WordedErrors, VersionedForm):
    """The person accepts or rejects maca's suggestions: ticked themes are confirmed."""

    polarity = forms.ChoiceField(
        label="Strength or concern",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select strength or concern"},
    )

    def __init__(
        self,
        *args,
        themes,
        retired: dict[str, str] | None = None,
        hints: dict[str, str] | None = None,
        polarity_hint: str = "",
        strength_only: bool = False,
        **kwargs,
    ):
        """``retired``: the names of the retired themes not offered, by key;
        ``strength_only``: good practice resulting from the audit, offered
        strength alone."""
        super().__init__(*args, **kwargs)
        field = ThemesField(
            label="Themes",
            # A retired theme is offered only to a finding that has it, and is said to be retired.
            choices=[(t.key, f"{t.name}{RETIRED}" if t.is_retired else t.name) for t in themes],
            retired=retired,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Ticked themes are confirmed: reports use them. Untick a suggestion to reject it.",
        )
        field.choice_hints = hints or {}
        self.fields["themes"] = field
        if strength_only:
            polarity = self.fields["polarity"]
            polarity.choices = [(Polarity.STRENGTH, Polarity.STRENGTH.label)]
            polarity.error_messages["invalid_choice"] = GOOD_PRACTICE_SELECT_STRENGTH
        if polarity_hint:
            self.fields["polarity"].help_text = polarity_hint


class RemoveFindingForm(WordedErrors, VersionedForm):
    reason = _text(
        "Why is it being removed?",
        required=True,
        rows=3,
        max_length=2000,
        error_messages={"required": "Enter why the finding is being removed"},
        help_text="It is kept, marked as removed, with this reason.",
    )


class ThemeForm(WordedErrors, forms.Form):
    name = GovukTextField(label="Name", max_length=120, error_messages={"required": "Enter the theme’s name"})
    description = _text("What it covers (optional)", rows=3, max_length=1000)


class EditThemeForm(ThemeForm, VersionedForm):
    is_retired = forms.BooleanField(
        label="Retire this theme",
        required=False,
        help_text="A retired theme is no longer offered; findings already tagged with it keep it.",
    )


class ConcernForm(WordedErrors, forms.Form):
    # One value per page drawn: the same form sent twice raises one concern.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        initial=uuid.uuid4,
        error_messages={"invalid": "This page could not be read: open it again and raise the concern"},
    )
    what_was_found = _text(
        "What was found?",
        required=True,
        rows=5,
        max_length=3000,
        error_messages={"required": "Enter what was found"},
        help_text="Enough for the agency to act on. It is not put in the e-mail.",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"] = forms.ChoiceField(
            label="Which agency must act on it?",
            choices=[(key, agency_name(a)) for key, a in self.agencies.items()],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the agency that must act on it"},
        )
        self.order_fields(["agency", "what_was_found"])

    def chosen_agency(self):
        return self.agencies[self.cleaned_data["agency"]]


class AcknowledgeForm(WordedErrors, VersionedForm):
    acknowledgement = _text(
        "What has your agency done, or what will it do?",
        required=True,
        rows=4,
        max_length=3000,
        error_messages={"required": "Enter what your agency has done or will do"},
    )


class FeedbackForm(WordedErrors, forms.Form):
    what_was_fed_back = _text(
        "What was fed back?",
        required=True,
        rows=5,
        error_messages={"required": "Enter what was fed back"},
        help_text="What the audit found about your agency’s work on this case.",
    )
    given_to = GovukTextField(
        label="To whom (optional)",
        required=False,
        max_length=500,
        help_text="Roles or teams, for example ‘the allocated social worker and their manager’.",
    )
    given_on = GovukDateField(
        label="When was it given?",
        # Messages name the date as the others about it do, not by its question.
        error_name="The date feedback was given",
        example="20 11 2026",
        error_messages={"required": "Enter the date feedback was given"},
        help_text="For example, 20 11 2026",
    )
