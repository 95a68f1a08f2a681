from __future__ import annotations

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthCodeForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthConfirmWithCodeForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthSetUpForm
from django import forms
from django.core.exceptions import ValidationError

from maca.accounts.middleware import DEACTIVATED_MESSAGE
from maca.accounts.roles import NO_AGENCY_FOR_ROLE, Role, role_requires_agency
from maca.core.forms import GovukTextField, VersionedForm, null_character_message
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name

EMAIL_TOO_LONG = "Enter an e-mail address of 320 characters or fewer"
EMAIL_NULL = null_character_message("The e-mail address")
# What maca keeps of an address (``User.email``, ``Invitation.email``).
EMAIL_MAX_LENGTH = 254
INVITED_EMAIL_TOO_LONG = f"Enter an e-mail address of {EMAIL_MAX_LENGTH} characters or fewer"
# The largest number a record's id can be (a 64-bit column): anything larger
# names no record, and is refused as the form's own error, not a database error.
LARGEST_ID = 2**63 - 1


class SignInForm(LoginForm):
    """allauth's sign-in, refusing people whose every membership is deactivated
    (unless they are signing in to accept an invitation addressed to them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["login"].error_messages["required"] = "Enter your e-mail address"
        self.fields["login"].error_messages["max_length"] = EMAIL_TOO_LONG
        self.fields["login"].error_messages["null_characters_not_allowed"] = EMAIL_NULL
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "user", None)
        # An account switched off is told so by allauth's own page ("account
        # inactive"), whatever its memberships: none of them can act
        # (``Membership.objects.able_to_act``).
        if (
            user is not None
            and user.is_active
            and not user.is_staff
            and not user.active_memberships().exists()
            and not _on_the_way_to_accept(getattr(self, "request", None), user)
        ):
            raise ValidationError(DEACTIVATED_MESSAGE)
        return cleaned


class ConfirmItsYouForm(AllauthReauthenticateForm):
    """allauth's "Confirm it’s you" password form, in the sign-in page's words:
    "Enter your password" when left empty, and no link in the box's hint
    (the page has it after the button, as the sign-in page does). ``user``
    is allauth's view's to give (optional here only so that every form of maca
    can be built and checked alike: ``maca/tests/test_every_form.py``)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["password"].error_messages["required"] = "Enter your password"


CODE_REQUIRED = "Enter the 6-digit code from your authenticator app, or a recovery code"


class _CodeInMacaWords:
    """allauth's box for an authenticator or recovery code, in GOV.UK words
    when left empty (not "This field is required."). ``user`` as for
    ``ConfirmItsYouForm``."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        code = self.fields["code"]
        code.widget.attrs.pop("placeholder", None)
        code.error_messages["required"] = CODE_REQUIRED
        code.error_messages["null_characters_not_allowed"] = null_character_message("The code")


class SecondFactorForm(_CodeInMacaWords, AllauthCodeForm):
    """The code asked for after the password when signing in."""


class ConfirmItsYouWithCodeForm(_CodeInMacaWords, AllauthConfirmWithCodeForm):
    """The code asked for again before a change to the account's security."""


class SetUpAuthenticatorForm(AllauthSetUpForm):
    """The first code from the authenticator app, when setting it up: no
    recovery code yet, so the empty box asks for the app's code only.
    (allauth's form reads the set-up key from the request's session.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.widget.attrs.pop("placeholder", None)
        code.error_messages["required"] = "Enter the 6-digit code your authenticator app shows"
        code.error_messages["null_characters_not_allowed"] = null_character_message("The code")


def _on_the_way_to_accept(request, user) -> bool:
    """Whether this sign-in goes next to the link of an invitation still
    waiting for ``user``: someone whose every access was removed, invited again
    (to another partnership, say), signs in from the invitation's page to
    accept it. The session then reaches that page alone
    (``middleware.CurrentMembershipMiddleware``) until they have accepted."""
    from maca.accounts.services import InvitationUnusable, invitation_for_token
    from maca.core.addresses import local_view

    if request is None:
        return False
    match = local_view(request.POST.get("next") or request.GET.get("next"))
    if match is None or match.view_name != "accounts:accept_invitation":
        return False
    try:
        invitation = invitation_for_token(match.kwargs["token"])
    except InvitationUnusable:
        return False
    return invitation.email.lower() == user.email.lower()


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return agency_name(obj)


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
    full_name = GovukTextField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person’s full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter the person’s e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": INVITED_EMAIL_TOO_LONG,
            "null_characters_not_allowed": EMAIL_NULL,
        },
    )
    job_title = GovukTextField(label="Job title (optional)", max_length=150, required=False)
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
    Role.AGENCY_LEAD: "Co-ordinates one agency’s audits: checks and submits its returns.",
    Role.AGENCY_AUDITOR: "Audits one agency’s own records for the cases assigned to it.",
    Role.BOARD_MEMBER: "Reads published outputs and progress. Never sees case-level data.",
    Role.INDEPENDENT_SCRUTINEER: "Read-only view of the audits they are asked to scrutinise.",
}


class MembershipForm(VersionedForm):
    job_title = GovukTextField(label="Job title (optional)", max_length=150, required=False)
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
    reason = GovukTextField(
        label="Why is this person’s access being removed?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for removing access"},
        help_text="Recorded in the audit log, for example ‘Left the agency in March’.",
    )


class ReactivateMembershipForm(VersionedForm):
    pass


# The hint beside every new password maca asks for.
CHOOSING_HINT = "At least 12 characters. Avoid common words and passwords you use elsewhere."


class AcceptInvitationForm(forms.Form):
    full_name = GovukTextField(label="Full name", max_length=150, error_messages={"required": "Enter your full name"})
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=CHOOSING_HINT,
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
                self.add_error("password1", password_messages(error))
        return cleaned


# Django's password checks, in maca's words.
PASSWORD_MESSAGES = {
    "password_too_short": "Your password must be at least {min_length} characters",
    "password_too_common": "Your password is too common: choose one that is harder to guess",
    "password_entirely_numeric": "Your password must not be only numbers",
    "password_too_similar": "Your password must not be like your name or e-mail address",
}


def _password_message(error: ValidationError) -> str:
    message = PASSWORD_MESSAGES.get(error.code)
    if message is None:
        return " ".join(error.messages)
    return message.format(**(error.params or {}))


def password_messages(error: ValidationError) -> list[str]:
    """Each of Django's password errors in ``error``, in maca's words."""
    return [_password_message(e) for e in error.error_list]


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's "forgot your password" form, labelled and told in maca's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "E-mail address"
        field.widget.attrs.pop("placeholder", None)
        field.error_messages["required"] = "Enter your e-mail address"
        field.error_messages["invalid"] = "Enter an e-mail address in the right form, like name@example.org"
        field.error_messages["max_length"] = EMAIL_TOO_LONG
        field.error_messages["null_characters_not_allowed"] = EMAIL_NULL


class SwitchPartnershipForm(forms.Form):
    partnership = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID)


def _new_password_fields(form) -> None:
    """The new password's two fields as maca's other forms have them (the
    invitation's): labels, one hint, and its own messages."""
    form.fields["password1"].label = "New password"
    form.fields["password1"].help_text = CHOOSING_HINT
    form.fields["password1"].error_messages["required"] = "Enter a new password"
    form.fields["password2"].label = "Confirm the new password"
    form.fields["password2"].error_messages["required"] = "Enter the new password again"
    for name in ("password1", "password2"):
        form.fields[name].widget.attrs.pop("placeholder", None)


def _same_password_message(form) -> None:
    if "password2" in form.errors:
        form.errors["password2"] = form.error_class(
            ["The passwords do not match" if "same password" in e else e for e in form.errors["password2"]]
        )


class ChangePasswordForm(AllauthChangePasswordForm):
    """Changing one's password, labelled and told in maca's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["oldpassword"].help_text = ""
        self.fields["oldpassword"].error_messages["required"] = "Enter your current password"
        self.fields["oldpassword"].widget.attrs.pop("placeholder", None)
        _new_password_fields(self)

    def clean(self):
        cleaned = super().clean()
        _same_password_message(self)
        return cleaned


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """Choosing a new password from a reset link, in maca's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_fields(self)

    def clean(self):
        cleaned = super().clean()
        _same_password_message(self)
        return cleaned
