"""What people type when they build a tool. The rules for each kind of question
live in ``services``; these forms only read the values and give GOV.UK messages
for what is missing or malformed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from maca.core.forms import GovukTextField, VersionedForm
from maca.tools.models import GradingScale, QuestionKind, ToolKind, returns_called
from maca.tools.selectors import scales_for
from maca.tools.services import TEXT_LENGTH_DEFAULT, TEXT_LENGTH_RANGE


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ToolForm(forms.Form):
    name = GovukTextField(
        label="Name",
        error_name="The name",
        max_length=200,
        error_messages={"required": "Enter the tool’s name", "max_length": "The name must be 200 characters or fewer"},
        help_text="For example, ‘Neglect audit tool 2026’.",
    )
    kind = forms.ChoiceField(
        label="What the tool is for",
        choices=ToolKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the tool is for"},
    )
    description = GovukTextField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to auditors above the questions.",
    )


class EditToolForm(VersionedForm):
    """A tool's name and description, with the tool's version the person started from."""

    name = ToolForm.base_fields["name"]
    description = ToolForm.base_fields["description"]


class ToolArchiveForm(forms.Form):
    """The one button on a tool's page: archive it (``on``) or restore it
    (``off``). Both are said outright, so a request that says neither (or
    something else) changes nothing, rather than being read as "restore"."""

    archive = forms.ChoiceField(
        choices=[("on", "Archive the tool"), ("off", "Restore the tool")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose whether to archive or restore the tool",
            "invalid_choice": "Choose whether to archive or restore the tool",
        },
    )


class SectionForm(VersionedForm):
    title = GovukTextField(
        label="Title",
        error_name="The title",
        max_length=200,
        error_messages={
            "required": "Enter the section’s title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    help_text = GovukTextField(
        label="Guidance for auditors (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the section’s title: what the section is about and what to look for.",
    )


class ScaleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GradingScale) -> str:
        labels = ", ".join(level["label"] for level in obj.levels)
        if len(labels) > 70:
            labels = f"{len(obj.levels)} levels"
        return f"{obj.name} ({labels})"


KIND_HINTS = {
    QuestionKind.GRADE: "Auditors choose one level of a grading scale. Choose the scale below.",
    QuestionKind.YES_NO: "Auditors answer yes, no or not applicable.",
    QuestionKind.NUMBER: "A whole number, 0 or more.",
    QuestionKind.SINGLE_CHOICE: "Auditors pick one of the choices you list below.",
    QuestionKind.MULTIPLE_CHOICE: "Auditors tick any of the choices you list below.",
    QuestionKind.TEXT: "Auditors write their answer, up to the number of characters you set below.",
}


class QuestionForm(VersionedForm):
    text = GovukTextField(
        label="Question",
        error_name="The question",
        max_length=500,
        error_messages={"required": "Enter the question", "max_length": "The question must be 500 characters or fewer"},
    )
    help_text = GovukTextField(
        label="Hint (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown under the question to help auditors answer it.",
    )
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of answer"},
    )
    required = forms.BooleanField(
        label="An answer is needed before the return can be submitted",
        required=False,
        help_text="Untick for questions auditors may leave blank.",
    )
    # The choices are asked under each kind of choice (``tools_forms.question_kind_radios``): a
    # box for one choice from a list, another for several. Only the kind chosen's box is read.
    choices = GovukTextField(
        label="Choices auditors pick one from",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Put each choice on its own line, in the order auditors should see them. Give at least 2.",
    )
    several_choices = GovukTextField(
        label="Choices auditors tick from",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Put each choice on its own line, in the order auditors should see them. Give at least 2.",
    )
    max_length = forms.IntegerField(
        label="Most characters allowed (for free text only)",
        required=False,
        min_value=0,
        widget=forms.NumberInput,
        help_text="Between 100 and 50,000. Leave it at 10,000 if you are not sure.",
        error_messages={
            "invalid": "Enter the most characters allowed as a number, like 10000",
            "min_value": TEXT_LENGTH_RANGE,
        },
    )

    def __init__(self, *args, partnership, kind_hint: str = "", tool_kind: str = ToolKind.CASE, **kwargs):
        """``kind_hint``: said above the kinds of answer, such as why this
        question's kind stays (``services.kind_kept``); ``tool_kind``: the
        tool's, whose agencies send returns or summative reports."""
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"required": True, "max_length": TEXT_LENGTH_DEFAULT, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields[
            "required"
        ].label = f"An answer is needed before the {returns_called(tool_kind, 1)} can be submitted"
        self.fields["kind"].choice_hints = KIND_HINTS
        self.fields["kind"].help_text = kind_hint
        self.fields["scale"] = ScaleChoiceField(
            queryset=scales_for(partnership),
            required=False,
            label="Grading scale (for grade questions only)",
            help_text="The scales maca ships and your partnership’s own. Add your own under ‘Grading scales’.",
            empty_label="Select a scale",
        )
        # The fields in the order people read them.
        self.order_fields(
            ["version", "text", "help_text", "kind", "scale", "choices", "several_choices", "max_length", "required"]
        )

    @property
    def choices_field(self) -> str:
        """The name of the box of choices read: the one under the kind chosen,
        or the other one when that is empty (without JavaScript both show, and
        a person may type the choices in the one under the other kind)."""
        named = "several_choices" if self.data.get("kind") == QuestionKind.MULTIPLE_CHOICE else "choices"
        other = "choices" if named == "several_choices" else "several_choices"
        if not (self.data.get(named) or "").strip() and (self.data.get(other) or "").strip():
            return other
        return named

    def clean(self):
        cleaned = super().clean()
        # The box under the other kind of choice is not read: nothing said about it either.
        unread = "choices" if self.choices_field == "several_choices" else "several_choices"
        self.errors.pop(unread, None)
        return cleaned

    def choice_list(self) -> list[str]:
        return lines(self.cleaned_data.get(self.choices_field, ""))

    def service_error(self, error: ValidationError) -> ValidationError:
        """A service's error, with what it says of the choices put on the box the person typed them in."""
        if hasattr(error, "error_dict") and "choices" in error.error_dict:
            return ValidationError(
                {self.choices_field if name == "choices" else name: errors for name, errors in error.error_dict.items()}
            )
        return error


class MoveForm(VersionedForm):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class RemoveForm(VersionedForm):
    pass


class PublishForm(VersionedForm):
    notes = GovukTextField(
        label="What changed in this version (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the version, so people can see why the tool changed.",
    )


MEETING_STANDARD_CHOICES = [(1, "The top level only")] + [(n, f"The top {n} levels") for n in range(2, 11)]


class ScaleForm(forms.Form):
    name = GovukTextField(
        label="Name",
        error_name="The name",
        max_length=120,
        error_messages={"required": "Enter the scale’s name", "max_length": "The name must be 120 characters or fewer"},
    )
    description = GovukTextField(
        label="Description (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    levels = GovukTextField(
        label="Levels",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Put each level on its own line, best first. For example: Strong, Sound, Weak, Unsafe.",
        error_messages={"required": "Enter the levels, one per line"},
    )
    meeting_standard = forms.TypedChoiceField(
        label="Which levels meet the standard?",
        choices=MEETING_STANDARD_CHOICES,
        coerce=int,
        help_text="Counts such as ‘12 of 15 cases met the standard’ count the levels you choose here.",
        error_messages={"required": "Select how many of the top levels meet the standard"},
    )

    def level_list(self) -> list[str]:
        return lines(self.cleaned_data.get("levels", ""))
