"""What people type into the action plan, with GOV.UK error messages."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms

from maca.actions import evidence
from maca.actions.models import ActionStatus, Priority
from maca.actions.presenters import PAST_DUE_DATE_MESSAGE, same_due_date_message
from maca.actions.rag import RAG_CHOICES
from maca.core.forms import GovukDateField, GovukTextField, VersionedForm
from maca.partnerships.presenters import agency_name
from maca.programme.models import year_label

ANY = [("", "Any")]


def too_long(what: str, limit: int) -> dict:
    """The GOV.UK message for text over its limit: ``The reason must be 2,000 characters or fewer``."""
    return {"max_length": f"{what} must be {limit:,} characters or fewer"}


def from_the_list(what: str) -> dict:
    """The message for a choice no longer (or never) offered, such as a person
    whose access ended while the page was open, or a stale link's filter."""
    return {"invalid_choice": f"Select {what} from the list"}  # noqa: S608 - words, not SQL


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    input_type = "file"


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        accept = ",".join(f".{ext}" for ext in evidence.KINDS)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": "multiple", "accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        # The files refused here, by the names they came with: the page asks
        # for the others again, never for these (each has its own error).
        self.refused = []
        if len(files) > evidence.MAX_FILES:
            self.refused = [upload.name for upload in files]
            raise forms.ValidationError(f"Attach up to {evidence.MAX_FILES} files to one update")
        checked, problems = [], []
        for upload in files:
            try:
                checked.append(evidence.check_file(upload))
            except forms.ValidationError as error:
                problems.extend(error.messages)
                self.refused.append(upload.name)
        if problems:
            raise forms.ValidationError(problems)
        return checked


# What each filter's choice is called in "Select … from the list".
FILTER_CHOICE_WORDS = {
    "agency": "an agency",
    "audit": "an audit",
    "theme": "a theme",
    "status": "a status",
    "rag": "a RAG colour",
    "owner": "an owner",
    "year": "a year",
}


class PlanFilterForm(forms.Form):
    """The composite plan's filters: each narrows the list, the export and the figures."""

    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)
    audit = forms.TypedChoiceField(label="Audit", required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=ANY + list(ActionStatus.choices))
    rag = forms.ChoiceField(label="RAG", required=False, choices=ANY + RAG_CHOICES)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="Year raised", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agencies=(), audits=(), themes=(), owners=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = ANY + [(a.pk, agency_name(a)) for a in agencies]
        self.fields["audit"].choices = ANY + [(a.pk, a.title) for a in audits]
        self.fields["theme"].choices = ANY + [(pk, name) for pk, name in themes]
        self.fields["owner"].choices = ANY + [(pk, name) for pk, name in owners]
        self.fields["year"].choices = ANY + [(y, year_label(y)) for y in years]
        for name, what in FILTER_CHOICE_WORDS.items():
            self.fields[name].error_messages.update(from_the_list(what))
        if not themes:
            del self.fields["theme"]


def due_date_example(today: dt.date) -> str:
    """A due date to come, as a date field's example writes it: "3 1 2027", four weeks after ``today``."""
    day = today + dt.timedelta(weeks=4)
    return f"{day.day} {day.month} {day.year}"


def give_due_date_example(field, today: dt.date) -> None:
    """A due date's field, which must be today or later, gives an example to
    come in its hint and its messages, never a day that has passed."""
    field.example = due_date_example(today)
    field.help_text = f"For example, {field.example}"


class ActionForm(forms.Form):
    """Raising an action: what, who, by when."""

    # One value per page drawn: the same form sent twice raises one action.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        initial=uuid.uuid4,
        error_messages={"invalid": "This page could not be read: open it again and raise the action"},
    )

    title = GovukTextField(
        label="Short name",
        max_length=200,
        error_messages={"required": "Enter a short name for the action", **too_long("The short name", 200)},
        help_text="How the action is known in lists, for example ‘Shared strategy discussion protocol’.",
    )
    text = GovukTextField(
        label="What must happen",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what must happen", **too_long("What must happen", 5000)},
        help_text="Specific and achievable: who does what. Do not name a child or family.",
    )
    measure = GovukTextField(
        label="How will everyone know it has happened?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter how everyone will know it has happened",
            **too_long("How everyone will know it has happened", 2000),
        },
        help_text="Measurable: the evidence the QA officer will look for before signing it off.",
    )
    owner_agency = forms.TypedChoiceField(
        label="Owner agency",
        coerce=int,
        error_messages={"required": "Select the agency that owns the action", **from_the_list("the owner agency")},
    )
    owner = forms.TypedChoiceField(
        label="Named owner",
        coerce=int,
        error_messages={"required": "Select the person who owns the action", **from_the_list("the named owner")},
        help_text="Someone from the owner agency. They get the reminders.",
    )
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})
    priority = forms.ChoiceField(
        label="Priority",
        widget=forms.RadioSelect,
        choices=Priority.choices,
        initial=Priority.MEDIUM,
        error_messages={"required": "Select the priority"},
    )
    themes = forms.TypedMultipleChoiceField(
        label="Themes it addresses",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="The practice themes the action should improve. Select all that apply.",
    )
    audit = forms.TypedChoiceField(
        label="Audit it came from",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Leave empty for a standing action.",
    )

    def __init__(self, *args, agencies=(), people=(), audits=(), themes=(), today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.pk, t.name) for t in themes]
        self.today = today
        give_due_date_example(self.fields["due_on"], today)
        self.people = {m.user_id: m for m in people}
        self.fields["owner_agency"].choices = [("", "Choose an agency")] + [(a.pk, agency_name(a)) for a in agencies]
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (m.user_id, f"{m.user.full_name} ({agency_name(m.agency)})") for m in people
        ]
        self.fields["audit"].choices = [("", "None: a standing action")] + [(a.pk, a.title) for a in audits]

    def clean_owner(self):
        # Checked as the field is, after the owner agency above it: the error
        # summary then lists it in the page's order, before the due date's.
        owner, agency = self.cleaned_data["owner"], self.cleaned_data.get("owner_agency")
        if owner and agency and self.people[owner].agency_id != agency:
            raise forms.ValidationError("Select someone from the owner agency")
        return owner

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due is not None and due < self.today:
            raise forms.ValidationError("The due date must be today or in the future")
        return due


class ProgressForm(forms.Form):
    """A progress update. It only adds to the history, so it carries no version:
    two people may post at once."""

    # One value per page drawn: the same page sent twice posts one update.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        initial=uuid.uuid4,
        error_messages={"invalid": "This page could not be read: open it again and post the update"},
    )
    note = GovukTextField(
        label="What has happened since the last update?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what has happened since the last update",
            **too_long("The update", 5000),
        },
        help_text="Dated today and signed with your name. It cannot be changed afterwards.",
    )
    files = MultipleFileField(
        label="Evidence (optional)",
        help_text=(
            f"Up to {evidence.MAX_FILES} files: {evidence.allowed_text()}, each up to "
            f"{evidence.size_text(evidence.max_bytes())}. Take out anything that identifies a child or family."
        ),
    )


class SignOffRequestForm(VersionedForm):
    note = GovukTextField(
        label="What was done?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter what was done, for the QA officer to check",
            **too_long("What was done", 5000),
        },
        help_text="The QA officer reads this, with the progress and evidence, before signing the action off.",
    )


class SignOffForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("sign_off", "Sign it off and close it"), ("send_back", "Send it back to the agency")],
        error_messages={"required": "Select sign off or send back"},
    )
    impact = GovukTextField(
        label="Statement of impact",
        required=False,
        max_length=5000,
        error_messages=too_long("The statement of impact", 5000),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to sign off: what changed for children and families because of this action.",
    )
    reason = GovukTextField(
        label="What is still needed?",
        required=False,
        max_length=5000,
        error_messages=too_long("What is still needed", 5000),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to send back: the agency sees this.",
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "sign_off" and not cleaned.get("impact", "").strip():
            self.add_error("impact", "Enter the statement of impact")
        if decision == "send_back" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter what is still needed before the action can be signed off")
        return cleaned


class MoveDueDateForm(VersionedForm):
    due_on = GovukDateField(label="New due date", error_messages={"required": "Enter the new due date"})
    reason = GovukTextField(
        label="Why is the due date moving?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the due date is moving", **too_long("The reason", 2000)},
        help_text="Everyone who sees the action sees the original date and this reason.",
    )

    def __init__(self, *args, current_due_on=None, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due_on = current_due_on
        self.today = today
        if today is not None:
            give_due_date_example(self.fields["due_on"], today)

    def clean_due_on(self):
        # Said at once, beside any other problem (such as no reason), as the
        # service would refuse it: never a second round for the date alone.
        due_on = self.cleaned_data["due_on"]
        if self.current_due_on is not None and due_on == self.current_due_on:
            raise forms.ValidationError(same_due_date_message(due_on))
        if self.today is not None and due_on < self.today:
            raise forms.ValidationError(PAST_DUE_DATE_MESSAGE)
        return due_on


class ReasonForm(VersionedForm):
    reason = GovukTextField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason", **too_long("The reason", 2000)},
    )

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class OwnerForm(VersionedForm):
    """Handing an action to another owner."""

    owner = forms.TypedChoiceField(
        label="New owner",
        coerce=int,
        error_messages={
            "required": "Select the person who will own the action",
            **from_the_list("the person who will own the action"),
        },
        help_text="Their agency becomes the owner agency.",
    )
    reason = GovukTextField(
        label="Why is the action changing hands?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the action is changing hands", **too_long("The reason", 2000)},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {m.user_id: m for m in people}
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (m.user_id, f"{m.user.full_name} ({agency_name(m.agency)})") for m in people
        ]
