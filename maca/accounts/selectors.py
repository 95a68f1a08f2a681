"""Reading people and invitations, always within one partnership."""

from __future__ import annotations

from maca.accounts.models import Invitation, Membership, User


def user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def memberships_for(partnership, *, status: str = "active"):
    queryset = Membership.objects.for_partnership(partnership).select_related("user", "agency", "agency__parent")
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "deactivated":
        queryset = queryset.filter(is_active=False)
    return queryset.order_by("user__full_name", "user__email")


def pending_invitations_for(partnership):
    return Invitation.objects.pending().filter(partnership=partnership).select_related("agency", "invited_by")
