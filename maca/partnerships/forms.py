from __future__ import annotations

from django import forms
from django.db.models import Q

from maca.core.forms import GovukTextField, VersionedForm
from maca.core.presenters import in_sentence
from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.presenters import AGENCY_NOT_TAKING_PART


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name if obj.is_active else f"{obj.name} ({AGENCY_NOT_TAKING_PART.lower()})"


class AgencyForm(forms.Form):
    name = GovukTextField(label="Name", max_length=200, error_messages={"required": "Enter the agency’s name"})
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=[("", "Select a kind"), *AgencyKind.choices],
        error_messages={"required": "Select the kind of agency"},
    )

    def __init__(self, *args, partnership, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Agencies at the top only: a sub-unit has no sub-units of its own
        # (services._check_parent). The agency's own parent stays on offer, so an
        # edit never moves one placed deeper before that rule, nor one whose
        # agency has since been switched off (saving a new name must not take
        # it out of its agency unasked).
        # Nor a GP practice: nothing sits under a practice (services._check_parent).
        offered = Q(parent__isnull=True, is_active=True) & ~Q(kind=AgencyKind.GP_PRACTICE)
        if agency is not None and agency.parent_id:
            offered |= Q(pk=agency.parent_id)
        parents = Agency.objects.for_partnership(partnership).filter(offered).order_by("name")
        if agency is not None:
            parents = parents.exclude(pk=agency.pk)
        self.fields["parent"] = ParentChoiceField(
            queryset=parents,
            required=False,
            label="Part of (optional)",
            help_text=(
                "For a unit inside another agency, such as a GP practice under a care board. "
                "A GP practice must be part of its practice group."
            ),
            empty_label="Not part of another agency",
            error_messages={"invalid_choice": "Select an agency from the list"},
        )


class EditAgencyForm(VersionedForm, AgencyForm):
    pass


class AgencyStatusForm(VersionedForm):
    active = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RetentionForm(VersionedForm):
    """One period for each kind of data (``maca.core.retention``)."""

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            what = in_sentence(kind.label)
            limits = f"between {kind.minimum} and {kind.maximum} {kind.unit}"
            self.fields[kind.key] = forms.IntegerField(
                label=f"{kind.label} ({kind.unit})",
                help_text=(
                    f"Counted from {kind.counted_from}. Then: {kind.happens}. "
                    f"maca’s default is {kind.describe(kind.default)}; you can choose {limits}."
                ),
                min_value=kind.minimum,
                max_value=kind.maximum,
                error_messages={
                    "required": f"Enter how many {kind.unit} to keep {what}",
                    "invalid": f"Enter a whole number of {kind.unit} for {what}",
                    "min_value": f"Keep {what} for {limits}",
                    "max_value": f"Keep {what} for {limits}",
                },
            )
