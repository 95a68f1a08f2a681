from __future__ import annotations

from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError

from maca.accounts.middleware import DEACTIVATED_MESSAGE
from maca.accounts.roles import NO_AGENCY_FOR_ROLE, Role, role_requires_agency
from maca.core.forms import VersionedForm
from maca.partnerships.models import Agency


class SignInForm(LoginForm):
    """allauth's sign-in, refusing people whose every membership is deactivated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["login"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "user", None)
        if user is not None and not user.is_staff and not user.active_memberships().exists():
            raise ValidationError(DEACTIVATED_MESSAGE)
        return cleaned


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.parent.name} – {obj.name}" if obj.parent_id else obj.name


def _agency_field(partnership, required: bool = False) -> AgencyChoiceField:
    return AgencyChoiceField(
        queryset=Agency.objects.for_partnership(partnership)
        .active()
        .select_related("parent")
        .order_by("parent__name", "name"),
        required=required,
        label="Agency",
        help_text="Only agency leads and agency auditors belong to an agency: leave it empty for other roles.",
        empty_label="No agency",
    )


def _check_role_agency(form: forms.Form) -> None:
    role = form.cleaned_data.get("role")
    agency = form.cleaned_data.get("agency")
    if not role:
        return
    if role_requires_agency(role) and agency is None:
        form.add_error("agency", "Select the agency this person audits for")
    elif agency is not None and not role_requires_agency(role):
        form.add_error("agency", NO_AGENCY_FOR_ROLE)


class InvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_field(partnership)
        self.fields["role"].choice_hints = ROLE_HINTS

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        _check_role_agency(self)
        return cleaned


ROLE_HINTS = {
    Role.PARTNERSHIP_ADMIN: "Sets up agencies, people and audit tools. Sees everything in the partnership.",
    Role.QA_OFFICER: "Plans audits, selects cases, chases and reviews returns, writes the learning.",
    Role.AGENCY_LEAD: "Co-ordinates one agency's audits: checks and submits its returns.",
    Role.AGENCY_AUDITOR: "Audits one agency's own records for the cases assigned to it.",
    Role.BOARD_MEMBER: "Reads published outputs and progress. Never sees case-level data.",
    Role.INDEPENDENT_SCRUTINEER: "Read-only view of the audits they are asked to scrutinise.",
}


class MembershipForm(VersionedForm):
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect, error_messages={"required": "Select a role"}
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_field(partnership)
        self.fields["role"].choice_hints = ROLE_HINTS

    def clean(self):
        cleaned = super().clean()
        _check_role_agency(self)
        return cleaned


class DeactivateMembershipForm(VersionedForm):
    reason = forms.CharField(
        label="Why is this person's access being removed?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for removing access"},
        help_text="Recorded in the audit log, for example 'Left the agency in March'.",
    )


class ReactivateMembershipForm(VersionedForm):
    pass


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter your full name"})
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common words and passwords you use elsewhere.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        from django.contrib.auth import password_validation

        from maca.accounts.models import User

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match")
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SwitchPartnershipForm(forms.Form):
    partnership = forms.IntegerField(widget=forms.HiddenInput)
