from __future__ import annotations

from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from maca.cases.dimensions import dimensions
from maca.cases.models import Flag, ServiceLevel
from maca.core.forms import GovukTextField, ManyRecordsField
from maca.core.numbers import whole_number
from maca.partnerships.models import Agency
from maca.partnerships.presenters import AGENCY_NOT_TAKING_PART, agency_name
from maca.selection.services.pool import LOOK_BACK_MONTHS


class NominationForm(forms.Form):
    case_reference = GovukTextField(
        label="Case reference",
        error_name="The case reference",
        max_length=64,
        error_messages={
            "required": "Enter the case reference",
            "max_length": "The case reference must be 64 characters or fewer",
        },
        help_text="The family’s reference in the case list, for example F-000123.",
    )
    reason = GovukTextField(
        label="Why should this case be audited?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter why this case should be audited",
            "max_length": "Why this case should be audited must be 2,000 characters or fewer",
        },
        help_text="Do not include names or other details that identify the family.",
    )


class DecideNominationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("accept", "Accept: add the case to the audit"), ("decline", "Decline")],
        error_messages={"required": "Select accept or decline", "invalid_choice": "Select accept or decline"},
    )
    reason = GovukTextField(
        label="Reason (needed to decline)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, nominator_agency: str = "", **kwargs):
        """``nominator_agency``: the name of the agency that nominated the case,
        when accepting would ask it to audit the case too: a box, ticked."""
        super().__init__(*args, **kwargs)
        if nominator_agency:
            self.fields["ask_nominator_agency"] = forms.BooleanField(
                label=f"Ask {nominator_agency} to audit this case too",
                required=False,
                initial=True,
                help_text="It nominated the case, and the case list does not name it among the agencies "
                "that know the family. Untick this if it should not audit the case.",
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the nomination is declined")
        return cleaned


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label="Number of cases in the sample",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput,
        help_text="Nominated cases already accepted are part of this number.",
        error_messages={
            "required": "Enter how many cases to select",
            "invalid": "Enter the number of cases in the sample as a whole number, like 6",
            "min_value": "Enter 1 case or more for the number of cases in the sample",
            "max_value": "Enter 500 cases or fewer for the number of cases in the sample",
        },
    )
    allocation = forms.ChoiceField(
        label="How to balance",
        widget=forms.RadioSelect,
        initial="proportional",
        error_messages={
            "required": "Choose how to balance the sample",
            "invalid_choice": "Choose how to balance the sample",
        },
        choices=[
            ("proportional", "Proportional: each group in the sample as in the pool"),
            ("equal", "Equal: the same number from each group, where the pool allows"),
        ],
    )
    open_within_months = forms.IntegerField(
        label="Cases open at some time in the last ... months (optional)",
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.NumberInput,
        help_text="Leave empty to include every case in the list.",
        error_messages={
            "invalid": "Enter how recently cases were open as a whole number of months",
            "min_value": "Enter 1 month or more for how recently cases were open, or leave it empty",
            "max_value": "Enter 120 months or fewer for how recently cases were open, or leave it empty",
        },
    )
    exclude_audited_within_months = forms.IntegerField(
        label="Leave out cases audited in the last ... months (optional)",
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.NumberInput,
        initial=LOOK_BACK_MONTHS,
        error_messages={
            "invalid": "Enter how long ago audited cases are left out as a whole number of months",
            "min_value": "Enter 1 month or more for leaving out audited cases, or leave it empty",
            "max_value": "Enter 120 months or fewer for leaving out audited cases, or leave it empty",
        },
    )
    service_levels = forms.MultipleChoiceField(
        label="Levels of service to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=ServiceLevel.choices,
        help_text="Leave all unticked to include every level.",
        error_messages={"invalid_choice": "Choose levels of service from the list"},
    )
    flags = forms.MultipleChoiceField(
        label="Only cases flagged",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Flag.choices,
        help_text="For a themed audit: only cases with at least one of the flags ticked are drawn. "
        "Leave all unticked to draw from every case.",
        error_messages={"invalid_choice": "Choose flags from the list"},
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=10**15,
        widget=forms.NumberInput,
        help_text="To repeat an earlier draw, enter its seed: with the same case list and the same choices, "
        "the same cases are drawn. Otherwise one is chosen at random and recorded.",
        error_messages={
            "invalid": "Enter the seed as a whole number",
            "min_value": "Enter a seed of 0 or more, or leave it empty",
            "max_value": "Enter a seed of 1,000,000,000,000,000 or less, or leave it empty",
        },
    )

    # The draw the page showed (empty: none), so that a draw made meanwhile by
    # someone else is never silently replaced.
    current_draw = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, localities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        available = dimensions(localities)
        self.fields["dimensions"] = forms.MultipleChoiceField(
            label="Balance the sample on",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(key, dim.label) for key, dim in available.items()],
            help_text=(
                "4 or 5 at most work best: each one more makes the groups smaller. "
                "With none, the sample is a simple random one."
            ),
            error_messages={"invalid_choice": "Choose what to balance the sample on from the list"},
        )
        self.fields["localities"] = forms.MultipleChoiceField(
            label="Localities or teams to include",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(name, name or "Not recorded") for name in localities],
            help_text="Leave all unticked to include every locality.",
            error_messages={
                "invalid_choice": "Choose localities from the list: the case list has changed since the page was opened"
            },
        )

    def replacing(self) -> int | None:
        shown = (self.cleaned_data.get("current_draw") or "").strip()
        return whole_number(shown)


class RemoveCaseForm(forms.Form):
    reason = GovukTextField(
        label="Why is this case being taken out?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the case is being taken out",
            "max_length": "Why the case is being taken out must be 2,000 characters or fewer",
        },
    )


class AgencyChoices(ManyRecordsField):
    def label_from_instance(self, obj: Agency) -> str:
        return agency_name(obj) if obj.is_active else f"{agency_name(obj)} ({AGENCY_NOT_TAKING_PART.lower()})"


class AssignmentsForm(forms.Form):
    # The agencies the page showed, so a change made meanwhile by someone else is noticed.
    shown = forms.CharField(widget=forms.HiddenInput, required=False)
    # The agencies whose work (a return with answers) the person has agreed to
    # withdraw, on the page that asked: empty from the agencies page itself.
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partnership, kept=(), **kwargs):
        """``kept``: the agencies the case has now. One of them switched off
        since it was given the case stays on offer, ticked, so that saving
        another change does not take it off unasked; untick it to take it off.
        Nobody can give a case to an agency that no longer takes part."""
        super().__init__(*args, **kwargs)
        self.fields["agencies"] = AgencyChoices(
            queryset=Agency.objects.for_partnership(partnership)
            .filter(Q(is_active=True) | Q(pk__in=list(kept)))
            .select_related("parent")
            # Each agency followed by its own sub-units (two levels at most),
            # not every sub-unit after all the agencies.
            .order_by(
                Coalesce("parent__name", "name"),
                Coalesce("parent_id", "id"),
                F("parent_id").asc(nulls_first=True),
                "name",
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Agencies that will audit this case",
            help_text="When the case was selected, the agencies the case list says know the family were ticked. "
            "Change as needed.",
            error_messages={
                "invalid_choice": "Choose agencies from the list: it has changed since the page was opened",
                "invalid_pk_value": "Choose agencies from the list",
            },
        )

    def shown_ids(self) -> set[int]:
        return _ids(self.cleaned_data.get("shown"))

    def confirmed_ids(self) -> set[int]:
        return _ids(self.cleaned_data.get("confirmed"))


def _ids(value) -> set[int]:
    return {number for v in (value or "").split(",") if (number := whole_number(v)) is not None}
