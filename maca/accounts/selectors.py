"""Reading people and invitations, within one partnership (the person's own
memberships, for their account page, across partnerships)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import AGENCY_ROLES
from maca.audit_trail.selectors import changed_since_by
from maca.core import tenancy


def user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def memberships_for(partnership, *, status: str = "active"):
    queryset = Membership.objects.for_partnership(partnership).select_related("user", "agency", "agency__parent")
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "deactivated":
        queryset = queryset.filter(is_active=False)
    return queryset.order_by("user__full_name", "user__email")


def invitations_for(partnership):
    """Every invitation of the partnership, whatever became of it."""
    return Invitation.objects.filter(partnership=partnership).select_related("agency")


def invitations_not_yet_accepted_for(partnership):
    """The invitations the people page lists, to be sent again or withdrawn:
    those waiting to be accepted, and those whose link expired before it was
    used, so that the admin sees an invitation lapsed rather than have it
    drop from the list. An expired one is left out once it is overtaken
    (``InvitationQuerySet.with_overtaken``): another invitation was sent to
    the same address after it, or the person has had access since it was
    sent, even if it was removed again. Never one whose agency no longer takes
    part (its link refuses it)."""
    return (
        Invitation.objects.filter(partnership=partnership, accepted_at__isnull=True, revoked_at__isnull=True)
        .exclude(role__in=AGENCY_ROLES, agency__is_active=False)
        .with_overtaken()
        .filter(Q(expires_at__gt=timezone.now()) | Q(sent_to_again=False, had_access_since=False))
        .select_related("agency__parent", "invited_by")
        .order_by("-sent_at", "-pk")
    )


def pending_invitations_for(partnership):
    return Invitation.objects.pending().filter(partnership=partnership).select_related("agency__parent", "invited_by")


def people_of_agency(agency) -> dict[str, int]:
    """Who would lose access with the agency were it deactivated: its people
    with an agency role, and the invitations to an agency role there still
    waiting (as ``services.agency_access_end`` ends them)."""
    return {
        "people": Membership.objects.filter(
            partnership_id=agency.partnership_id, agency=agency, is_active=True, role__in=AGENCY_ROLES
        ).count(),
        "invitations": Invitation.objects.pending()
        .filter(partnership_id=agency.partnership_id, agency=agency, role__in=AGENCY_ROLES)
        .count(),
    }


def own_memberships_everywhere(user, memberships) -> list[Membership]:
    """The person's own memberships in every partnership, with the agency above
    each sub-unit: read across partnerships (the request's scope shows only its
    own partnership's agencies), and only the rows the request already has."""
    with tenancy.all_partnerships():
        return list(
            Membership.objects.filter(user=user, pk__in=[m.pk for m in memberships])
            .select_related("partnership", "agency__parent")
            .order_by("created_at", "pk")
        )


MEMBERSHIP_VERSION_MOVES = (
    "membership.updated",
    "membership.deactivated",
    "membership.reactivated",
    "invitation.accepted",
)


def membership_changed_since_by(membership: Membership, version) -> set:
    """Who changed ``membership`` after ``version`` (the page's): its role,
    agency or job title, its access ended or given back, or an invitation
    accepted (``audit_trail.selectors.changed_since_by``). Nobody known for a
    version that is not a number."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        return {None}
    return changed_since_by(membership, version, MEMBERSHIP_VERSION_MOVES)
