"""allauth hooks: no self-service sign-up; second-factor secrets encrypted at rest."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from maca.core import crypto


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The e-mail address or password is not right. Check them and try again.",
        "too_many_login_attempts": (
            "Too many failed attempts to sign in. Wait 5 minutes and try again."
        ),
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now.",
    }

    def is_open_for_signup(self, request) -> bool:
        # People join a partnership only by invitation from its admin.
        return False


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now.",
    }

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Roles that see case-level data may not switch their second factor off.
        return not authenticator.user.requires_mfa
