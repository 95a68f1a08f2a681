"""Per-request: the user's current partnership and role, and the second-factor rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

from maca.accounts.roles import role_requires_mfa

CURRENT_PARTNERSHIP_SESSION_KEY = "maca_partnership_id"

DEACTIVATED_MESSAGE = (
    "Your access to maca has been deactivated. If you think this is wrong, contact your partnership's business unit."
)


class CurrentMembershipMiddleware:
    """Sets ``request.membership`` (or None), ``request.partnership`` and
    ``request.memberships`` (all the user's active memberships).

    A signed-in person with no active membership left is signed out at once:
    deactivation takes effect on their next click, not when they next sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.partnership = None
        request.memberships = []
        user = request.user
        if user.is_authenticated:
            memberships = list(user.active_memberships())
            if not memberships and not user.is_staff:
                logout(request)
                messages.error(request, DEACTIVATED_MESSAGE)
                return redirect("account_login")
            chosen = request.session.get(CURRENT_PARTNERSHIP_SESSION_KEY) or user.last_partnership_id
            current = next((m for m in memberships if m.partnership_id == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            request.memberships = memberships
            request.membership = current
            request.partnership = current.partnership if current else None
        return self.get_response(request)


# URL names a person who still has to set up a second factor may reach.
MFA_SETUP_ALLOWED = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "core:health",
    "core:accessibility",
    "core:privacy",
}


class RequireMultiFactorMiddleware:
    """Everyone whose role can see case-level data must use an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_setup(request):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in MFA_SETUP_ALLOWED and not request.path_info.startswith("/static/"):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_setup(request) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if not any(role_requires_mfa(m.role) for m in request.memberships):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
