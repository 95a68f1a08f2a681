"""allauth hooks: no self-service sign-up; second-factor secrets encrypted at rest."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied

from maca.core import crypto
from maca.core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The e-mail address or password is not right. Check them and try again.",
        "too_many_login_attempts": ("Too many failed attempts to sign in. Wait 5 minutes and try again."),
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now.",
        # allauth's name for a current password that is not right.
        "enter_current_password": "Your current password is not right",
        "incorrect_password": "Your password is not right",
    }

    def clean_password(self, password: str, user=None) -> str:
        """Django's password checks, in maca's words, on every allauth form
        that sets a password (changing it, resetting it from a link)."""
        from django.core.exceptions import ValidationError

        from maca.accounts.forms import password_messages

        try:
            return super().clean_password(password, user=user)
        except ValidationError as error:
            raise ValidationError(password_messages(error)) from error

    def get_client_ip(self, request) -> str:
        """The rate limits see the address the lock-out and the audit log see."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("The client’s address could not be determined.")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth throttles failed sign-ins per account; maca per account *and*
        address, so that failures from elsewhere never stop the owner signing
        in (docs/adr/0004). allauth's per-address limit stays as it is."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request) or ''}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """The password reset e-mail says how long its link works, as the
        invitation does (``account/email/password_reset_key_message.txt``)."""
        if template_prefix == "account/email/password_reset_key":
            from django.conf import settings

            context = {**context, "link_lasts": _lasting(settings.PASSWORD_RESET_TIMEOUT)}
        super().send_mail(template_prefix, email, context)

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """Setting up a first authenticator makes its recovery codes: allauth
        then says "your old ones no longer work", as when a person makes new
        ones. The person never had any, and "Your authenticator app is set
        up" already shows above the codes, so that message is left out.

        Likewise, choosing a new password from a reset link leads to a page
        whose heading is "Your password has been changed": allauth's banner
        saying the same above it is left out."""
        url_name = getattr(getattr(request, "resolver_match", None), "url_name", None)
        if (message_template, url_name) in (
            ("mfa/messages/recovery_codes_generated.txt", "mfa_activate_totp"),
            ("account/messages/password_changed.txt", "account_reset_password_from_key"),
        ):
            return
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )

    # The ways to confirm it's you, in the words the sign-in pages use.
    _reauthentication_words = {
        "reauthenticate": "Enter your password instead",
        "mfa_reauthenticate": "Enter a code from your authenticator app, or a recovery code",
    }

    def get_reauthentication_methods(self, user) -> list[dict]:
        return [
            {**method, "description": self._reauthentication_words.get(method["id"], method["description"])}
            for method in super().get_reauthentication_methods(user)
        ]

    def is_open_for_signup(self, request) -> bool:
        # People join a partnership only by invitation from its admin.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a first authenticator straight after typing the password
        (on sign-in, or on accepting an invitation), and reading the recovery
        codes it produced, do not ask for the password again. Every later
        change to sign-in security does."""
        if app == "allauth.mfa" and self._setting_up_second_factor_after_password():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _setting_up_second_factor_after_password(self) -> bool:
        import datetime as dt
        import time

        from allauth.account import app_settings
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.mfa.models import Authenticator

        request = self.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return False
        records = [r for r in get_authentication_records(request, user) if r.get("method") == "password"]
        if not records or time.time() - records[-1]["at"] >= app_settings.REAUTHENTICATION_TIMEOUT:
            return False
        signed_in_at = dt.datetime.fromtimestamp(records[-1]["at"], tz=dt.UTC)
        # Only authenticators made in this very session, after the password.
        return not Authenticator.objects.filter(user=user, created_at__lt=signed_in_at).exists()


def _lasting(seconds: int) -> str:
    """'3 days', '1 day', '12 hours': how long a link works, in words."""
    days, rest = divmod(int(seconds), 86400)
    if days and not rest:
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, round(seconds / 3600))
    return f"{hours} hour{'s' if hours != 1 else ''}"


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now.",
        # allauth's name for a current password that is not right.
        "enter_current_password": "Your current password is not right",
        "incorrect_password": "Your password is not right",
    }

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Roles that see case-level data may not switch their second factor off.
        return not authenticator.user.requires_mfa
