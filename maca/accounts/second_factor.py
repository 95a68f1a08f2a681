"""Who must use a second factor, and whether this session has used one.

Having an authenticator is not enough: the rule is that the *session* passed
the second factor (a code typed at sign-in, at a later confirmation, or while
setting the authenticator up), because a session opened any other way (a
password alone) must not reach case-level data.

allauth keeps a list of the ways a session was authenticated; a second factor
shows there as an ``mfa`` entry.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records

from maca.accounts.roles import role_requires_mfa


def user_requires_second_factor(user, memberships) -> bool:
    """Platform operators, and everyone whose role can see case-level data."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(role_requires_mfa(m.role) for m in memberships)


def session_passed_second_factor(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(entry.get("method") == "mfa" for entry in get_authentication_records(request, user))


def record_second_factor_set_up(request, authenticator) -> None:
    """Typing the first code of a new authenticator proves the person holds it:
    the session counts as having passed the second factor."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type, set_up=True)


def has_authenticator(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
