"""Changing people and their access. Each function runs in one transaction and
writes its audit record in that transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.accounts.emails import invitation_subject
from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import AGENCY_ROLES, NO_AGENCY_FOR_ROLE, Role, role_requires_agency
from maca.audit_trail.services import diff, record
from maca.core import tenancy
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.notifications.services import send_built_email
from maca.partnerships.models import Agency, Partnership
from maca.partnerships.presenters import agency_name, stopped_taking_part
from maca.partnerships.services import partnership_hold


class InvitationUnusable(Exception):
    """The invitation link has expired, was used, or was withdrawn."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _check_role_and_agency(*, partnership: Partnership, role: str, agency: Agency | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Select a role"})
    if role_requires_agency(role) and agency is None:
        raise ValidationError({"agency": "Select the agency this person audits for"})
    if agency is not None and not role_requires_agency(role):
        raise ValidationError({"agency": NO_AGENCY_FOR_ROLE})
    if agency is not None and (agency.partnership_id != partnership.pk or not agency.is_active):
        raise ValidationError({"agency": "Select an active agency of this partnership"})


def _lock_agency(agency: Agency | None) -> Agency | None:
    """``agency`` read again and locked, before anything else of a change that
    gives someone access through it. An agency's deactivation locks the
    agency first too (``partnerships.services.agency_set_active``, then
    :func:`agency_access_end`), so the two take their turns: either the
    deactivation commits first and the change sees the agency is no longer
    active (``_check_role_and_agency``), or the deactivation waits for the
    change and then ends the access it gave. Never an active person at a
    deactivated agency (docs/roles.md). An agency this partnership cannot see
    is returned as given, for the check to refuse."""
    if agency is None:
        return None
    return Agency.objects.select_for_update().filter(pk=agency.pk).first() or agency


def _active_admins(partnership: Partnership):
    return Membership.objects.filter(partnership=partnership, role=Role.PARTNERSHIP_ADMIN, is_active=True)


# Invitations --------------------------------------------------------------------------

ALREADY_HAS_ACCESS = (
    "This person already has access to the partnership. To change their role or agency, go to People and "
    "select their name"
)
# A waiting or expired invitation to an agency role whose agency stopped taking part meanwhile.
AGENCY_STOPPED_TAKING_PART = (
    "{agency} is no longer taking part, so an invitation to audit for it cannot be sent again. To give this "
    "person access, invite them for an agency that takes part"
)
ACCESS_REMOVED_GIVE_AGAIN = (
    "This person’s access to the partnership was removed. To give it back, go to People, choose "
    "‘Access removed’, select their name and press ‘Give access again’; you can then change their role there"
)

# An invitation overtaken since it was sent (``InvitationQuerySet.with_overtaken``): not sent again.
HAD_ACCESS_SINCE = (
    "This person has had access to the partnership since this invitation was sent, so it cannot be sent again. "
    "To give them access, invite them again"
)
SENT_TO_AGAIN_SINCE = "Another invitation was sent to this address after this one, so it cannot be sent again"


def _access_can_be_given_again(*, partnership: Partnership, email: str) -> bool:
    """Whether someone with this e-mail had access to the partnership, removed,
    that their page can give back (``membership_reactivate``): the admin does
    that rather than invite them, as their old membership is theirs to come
    back to. Only someone whose agency has since been deactivated is invited
    again, to another agency (their page cannot give that access back)."""
    former = (
        Membership.objects.filter(partnership=partnership, user__email__iexact=email, is_active=False)
        .select_related("agency")
        .first()
    )
    return former is not None and (former.agency is None or former.agency.is_active)


def invitation_create(
    *,
    actor: User,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: str,
    agency: Agency | None = None,
    job_title: str = "",
) -> tuple[Invitation, str]:
    """Invite someone to the partnership and e-mail them a one-time link.

    Returns the invitation and the raw token (only its hash is stored).
    """
    email = email.strip().lower()
    with transaction.atomic():
        # One invitation to the partnership at a time, so that "a new
        # invitation replaces any earlier one still waiting" sees one made at
        # the same moment (whatever the role: many have no agency to lock).
        # Before the agency, the order a change of membership takes them in.
        partnership_hold(partnership)
        # So that no invitation to an agency outlives its deactivation (which
        # withdraws them), to come back if the agency is reactivated.
        agency = _lock_agency(agency)
        _check_role_and_agency(partnership=partnership, role=role, agency=agency)
        if Membership.objects.filter(partnership=partnership, user__email__iexact=email, is_active=True).exists():
            raise ValidationError({"email": ALREADY_HAS_ACCESS})
        if _access_can_be_given_again(partnership=partnership, email=email):
            raise ValidationError({"email": ACCESS_REMOVED_GIVE_AGAIN})
        # A new invitation replaces any earlier one still waiting.
        for earlier in Invitation.objects.unanswered().filter(partnership=partnership, email__iexact=email):
            earlier.revoked_at = timezone.now()
            earlier.save(update_fields=["revoked_at"])
            record(
                actor=actor,
                action="invitation.revoked",
                partnership=partnership,
                target=earlier,
                changes={"reason": "replaced by a new invitation"},
            )
        invitation = Invitation.objects.create(
            partnership=partnership,
            email=email,
            full_name=full_name.strip(),
            role=role,
            agency=agency,
            job_title=job_title.strip(),
            token_hash=Invitation.new_token()[1],  # unusable until the id is known
            invited_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        token = invitation.link_token()
        invitation.token_hash = Invitation.hash_token(token)
        invitation.save(update_fields=["token_hash"])
        record(
            actor=actor,
            action="invitation.created",
            partnership=partnership,
            target=invitation,
            changes={"email": email, "role": role, "agency": agency, "job_title": job_title},
        )
        _send_invitation(invitation)
    return invitation, token


# An invitation no longer waiting nor expired (accepted, withdrawn, or its
# agency no longer taking part) cannot be sent again.
RESENDABLE = ("pending", "expired")


def _send_invitation(invitation: Invitation) -> None:
    """The invitation e-mail, queued in the caller's transaction. The link is
    a secret: the e-mail is made at delivery, with the link as it is then
    (``maca.accounts.emails``)."""
    send_built_email(
        builder="invitation",
        about=invitation,
        to=[invitation.email],
        subject=invitation_subject(invitation),
        kind="invitation",
        partnership=invitation.partnership,
    )


def invitation_resend(*, actor: User, invitation: Invitation) -> tuple[Invitation, str]:
    """Send a waiting or expired invitation again, as it was first sent: a new
    link that works for ``INVITATION_VALID_DAYS`` from now. The link of the
    earlier e-mail stops working (the link is made from the expiry:
    ``Invitation.link_token``). Any other invitation still waiting for the same
    address is withdrawn, as a new invitation replaces it. One overtaken
    (another sent to the address after it, or its person has had access
    since) is refused, saying so: it no longer counts.

    Returns the invitation and the raw token (only its hash is stored)."""
    with transaction.atomic():
        # In the order an invitation is made and accepted: the partnership, the agency, the invitation.
        partnership_hold(invitation.partnership)
        agency = _lock_agency(invitation.agency if role_requires_agency(invitation.role) else None)
        invitation = Invitation.objects.select_for_update().select_related("partnership").get(pk=invitation.pk)
        if agency is not None:
            invitation.agency = agency  # as just read: ``status`` asks whether it is active
        if invitation.status not in RESENDABLE:
            raise ValidationError("Only an invitation waiting to be accepted, or expired, can be sent again.")
        if agency is not None and not agency.is_active:
            # Expired before its agency stopped taking part, so not withdrawn with the agency's invitations.
            raise ValidationError({"agency": AGENCY_STOPPED_TAKING_PART.format(agency=agency_name(agency))})
        partnership, email = invitation.partnership, invitation.email
        # Given access since it was sent (another way): an invitation would only send them to sign in.
        if Membership.objects.filter(partnership=partnership, user__email__iexact=email, is_active=True).exists():
            raise ValidationError({"email": ALREADY_HAS_ACCESS})
        if _access_can_be_given_again(partnership=partnership, email=email):
            raise ValidationError({"email": ACCESS_REMOVED_GIVE_AGAIN})
        overtaken = Invitation.objects.with_overtaken().values("had_access_since", "sent_to_again")
        overtaken = overtaken.get(pk=invitation.pk)
        if overtaken["had_access_since"]:
            # Removed since, through an agency no longer taking part: their page cannot give it back.
            raise ValidationError({"email": HAD_ACCESS_SINCE})
        if overtaken["sent_to_again"]:
            raise ValidationError({"email": SENT_TO_AGAIN_SINCE})
        for other in (
            Invitation.objects.unanswered()
            .filter(partnership=partnership, email__iexact=email)
            .exclude(pk=invitation.pk)
        ):
            _withdraw(actor=actor, invitation=other, reason="replaced by an invitation sent again")
        expired_at = invitation.expires_at
        now = timezone.now()
        invitation.sent_at = now
        invitation.sent_by = actor
        invitation.expires_at = now + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
        token = invitation.link_token()
        invitation.token_hash = Invitation.hash_token(token)
        invitation.save(update_fields=["sent_at", "sent_by", "expires_at", "token_hash"])
        record(
            actor=actor,
            action="invitation.resent",
            partnership=partnership,
            target=invitation,
            changes={"email": email, "expires_at": [expired_at, invitation.expires_at]},
        )
        _send_invitation(invitation)  # as the first e-mail
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link points to, or :class:`InvitationUnusable` saying why not."""
    # The link's secret token is the key, whatever the partnership: found
    # across partnerships, and the caller then works in the invitation's.
    with tenancy.all_partnerships():
        invitation = (
            Invitation.objects.select_related("partnership", "agency__parent")
            .filter(token_hash=Invitation.hash_token(token))
            .first()
        )
    if invitation is None:
        raise InvitationUnusable("not_found")
    status = invitation.status  # "agency_inactive" once its agency is deactivated
    if status != "pending":
        raise InvitationUnusable(status)
    return invitation


def invitation_accept(
    *, invitation: Invitation, user: User | None = None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept an invitation: create the user if new, then give them the membership.

    ``user`` is the signed-in person accepting for an existing account; a new
    person gives ``full_name`` and ``password`` instead.
    """
    with transaction.atomic():
        # The agency first, as its deactivation takes it (``_lock_agency``), then the
        # invitation; an invitation's agency never changes. An invitation made before
        # agencies were refused for other roles still works: its agency is dropped
        # (and not locked), as it would grant nothing.
        agency = _lock_agency(invitation.agency if role_requires_agency(invitation.role) else None)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if agency is not None:
            invitation.agency = agency  # as just read: ``status`` asks whether it is active
        if invitation.status != "pending":
            raise InvitationUnusable(invitation.status)
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None:
            if user is None or user.pk != existing.pk:
                raise InvitationUnusable("sign_in_required")
            user = existing
        else:
            user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name.strip())
            record(
                actor=user,
                action="user.created",
                partnership=invitation.partnership,
                target=user,
                changes={"email": user.email, "full_name": user.full_name, "via": "invitation"},
            )
        try:
            _check_role_and_agency(partnership=invitation.partnership, role=invitation.role, agency=agency)
        except ValidationError as error:
            # The agency was deactivated after the invitation was sent.
            raise InvitationUnusable("agency_inactive") from error
        membership = (
            Membership.objects.select_for_update().filter(user=user, partnership=invitation.partnership).first()
        )
        if membership is not None and membership.is_active:
            # Given access another way since the invitation was sent: the role they
            # have now is not changed by an older invitation (an admin's, say).
            raise InvitationUnusable("already_member")
        if membership is None:
            membership = Membership.objects.create(
                user=user,
                partnership=invitation.partnership,
                agency=agency,
                role=invitation.role,
                job_title=invitation.job_title,
            )
        else:
            # Someone coming back: their old membership is reactivated with the new role.
            membership.agency = agency
            membership.role = invitation.role
            membership.job_title = invitation.job_title
            membership.is_active = True
            membership.deactivated_at = None
            membership.deactivation_reason = ""
            bump_version(membership)
            membership.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            actor=user,
            action="invitation.accepted",
            partnership=invitation.partnership,
            target=membership,
            changes={"role": membership.role, "agency": membership.agency, "invitation": invitation.pk},
        )
    return membership


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        # An expired one too: the people page lists it, to be sent again or withdrawn.
        if invitation.status not in RESENDABLE:
            raise ValidationError("Only an invitation that is still waiting, or expired, can be withdrawn.")
        _withdraw(actor=actor, invitation=invitation)
    return invitation


def _invitations_to(membership: Membership) -> list[Invitation]:
    """The invitations still waiting for this member's e-mail in their
    partnership, locked. Taken before the membership, in the order
    ``invitation_accept`` takes them."""
    return list(
        Invitation.objects.unanswered()
        .select_for_update()
        .filter(partnership_id=membership.partnership_id, email__iexact=membership.user.email)
    )


def _withdraw_invitations_to(*, actor: User, membership: Membership, reason: str) -> None:
    """An invitation left waiting would give the person access (and its role)
    whatever the admin decides about the membership since: it is withdrawn
    when their access is given back or removed."""
    for invitation in _invitations_to(membership):
        _withdraw(actor=actor, invitation=invitation, reason=reason)


def _withdraw(*, actor: User, invitation: Invitation, reason: str = "") -> None:
    """Withdraw a waiting invitation (locked by the caller), recorded."""
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="invitation.revoked",
        partnership=invitation.partnership,
        target=invitation,
        changes={"email": invitation.email, **({"reason": reason} if reason else {})},
    )


# Memberships --------------------------------------------------------------------------


def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    agency: Agency | None,
    job_title: str,
    expected_version: int,
) -> Membership:
    """Change someone's role, agency or job title."""
    with transaction.atomic():
        partnership_hold(membership.partnership)  # the last-admin rule: one change at a time
        agency = _lock_agency(agency)  # before the membership, as a deactivation takes them
        membership = lock_for_update(membership, expected_version=expected_version)
        _check_role_and_agency(partnership=membership.partnership, role=role, agency=agency)
        if (
            membership.role == Role.PARTNERSHIP_ADMIN
            and role != Role.PARTNERSHIP_ADMIN
            and membership.is_active
            and _active_admins(membership.partnership).count() == 1
        ):
            raise ValidationError({"role": "The partnership must keep at least one partnership admin"})
        before = {"role": membership.role, "agency": membership.agency, "job_title": membership.job_title}
        changes = diff(before, {"role": role, "agency": agency, "job_title": job_title.strip()})
        if not changes:
            # Saved as it was: nothing to record, and another admin's open page
            # (its version) still holds (as ``partnerships.services.agency_update``).
            return membership
        membership.role, membership.agency, membership.job_title = role, agency, job_title.strip()
        bump_version(membership)
        membership.save()
        record(
            actor=actor,
            action="membership.updated",
            partnership=membership.partnership,
            target=membership,
            changes=changes,
        )
    return membership


def membership_deactivate(*, actor: User, membership: Membership, reason: str, expected_version: int) -> Membership:
    """Remove someone's access to the partnership. Nothing is deleted."""
    with transaction.atomic():
        partnership_hold(membership.partnership)  # the last-admin rule: one change at a time
        _invitations_to(membership)  # before the membership, as accepting takes them
        membership = lock_for_update(membership, expected_version=expected_version)
        if not membership.is_active:
            raise ValidationError("This person’s access has already been removed.")
        if membership.user_id == actor.pk:
            raise ValidationError("You cannot remove your own access. Ask another partnership admin.")
        if membership.role == Role.PARTNERSHIP_ADMIN and _active_admins(membership.partnership).count() == 1:
            raise ValidationError("The partnership must keep at least one partnership admin.")
        _end_access(actor=actor, membership=membership, reason=reason.strip())
    return membership


def _end_access(*, actor: User, membership: Membership, reason: str) -> None:
    """End a membership (locked by the caller) with its reason, recorded, and
    withdraw any invitation still waiting for the person."""
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.deactivation_reason = reason
    bump_version(membership)
    membership.save()
    record(
        actor=actor,
        action="membership.deactivated",
        partnership=membership.partnership,
        target=membership,
        changes={"reason": reason},
    )
    _withdraw_invitations_to(actor=actor, membership=membership, reason="their access was removed")


def agency_access_end(*, actor: User, agency: Agency) -> dict[str, int]:
    """When an agency is deactivated, the people who belong to it lose their
    access, and invitations to it are withdrawn: an agency role grants access
    only through an active agency. Only agency roles: a membership or an
    invitation of another role that names the agency does not act for it
    (``invitation_accept`` drops its agency), and keeps working. Runs inside
    the caller's transaction (the agency's deactivation); every change is
    recorded.

    Returns what it ended: ``{"people": memberships ended, "invitations":
    invitations withdrawn}`` (``partnerships.extensions``).
    """
    reason = stopped_taking_part(agency.name)
    with transaction.atomic():
        memberships = list(
            Membership.objects.select_for_update().filter(
                partnership_id=agency.partnership_id, agency=agency, is_active=True, role__in=AGENCY_ROLES
            )
        )
        for membership in memberships:
            _end_access(actor=actor, membership=membership, reason=reason)
        # Not ``pending()``: the agency is already inactive, and its invitations
        # with it; they are withdrawn all the same, so that reactivating the
        # agency does not bring them back.
        invitations = list(
            Invitation.objects.unanswered()
            .select_for_update()
            .filter(partnership_id=agency.partnership_id, agency=agency, role__in=AGENCY_ROLES)
        )
        for invitation in invitations:
            _withdraw(actor=actor, invitation=invitation, reason=reason)
    return {"people": len(memberships), "invitations": len(invitations)}


def membership_reactivate(*, actor: User, membership: Membership, expected_version: int) -> Membership:
    with transaction.atomic():
        # The agency before the membership, as a deactivation takes them.
        agency = _lock_agency(membership.agency if membership.agency_id else None)
        _invitations_to(membership)  # before the membership, as accepting takes them
        membership = lock_for_update(membership, expected_version=expected_version)
        if membership.is_active:
            raise ValidationError("This person already has access.")
        if membership.agency_id != (agency.pk if agency else None):
            raise EditConflict(membership, expected=expected_version)  # moved to another agency meanwhile
        if agency is not None and not agency.is_active:
            # Only their agency's page can switch it on again; for another agency,
            # the person is invited to it (their page offers no agency to change).
            raise ValidationError(
                f"{agency.name} is no longer taking part, so this person’s access through it cannot be given again. "
                f"Mark {agency.name} as taking part again on the agencies page first, "
                "or invite the person to another agency."
            )
        membership.is_active = True
        membership.deactivated_at = None
        membership.deactivation_reason = ""
        bump_version(membership)
        membership.save()
        record(
            actor=actor,
            action="membership.reactivated",
            partnership=membership.partnership,
            target=membership,
            changes={},
        )
        _withdraw_invitations_to(actor=actor, membership=membership, reason="their access was given back instead")
    return membership


def membership_create(
    *,
    actor: User | None,
    user: User,
    partnership: Partnership,
    role: str,
    agency: Agency | None = None,
    job_title: str = "",
    also_record: dict | None = None,
) -> Membership:
    """Give an existing user a membership directly (demo data and platform operators).

    ``also_record`` adds to the audit event (how the access was given)."""
    with transaction.atomic():
        agency = _lock_agency(agency)
        _check_role_and_agency(partnership=partnership, role=role, agency=agency)
        membership = Membership.objects.create(
            user=user, partnership=partnership, role=role, agency=agency, job_title=job_title
        )
        record(
            actor=actor,
            action="membership.created",
            partnership=partnership,
            target=membership,
            changes={"user": user.email, "role": role, "agency": agency, **(also_record or {})},
            actor_label=None if actor else "system",
        )
    return membership


# Sessions -----------------------------------------------------------------------------


def partnership_switch(*, user: User, session, partnership_id: int) -> Membership:
    """Make another of the user's partnerships the current one."""
    from maca.accounts.middleware import CURRENT_PARTNERSHIP_SESSION_KEY

    membership = user.active_memberships().filter(partnership_id=partnership_id).first()
    if membership is None:
        raise ValidationError("You do not have access to that partnership.")
    # The switch is recorded in the log of the partnership the person moves to.
    with tenancy.for_partnership(membership.partnership_id, user_id=user.pk), transaction.atomic():
        session[CURRENT_PARTNERSHIP_SESSION_KEY] = membership.partnership_id
        user.last_partnership_id = membership.partnership_id
        user.save(update_fields=["last_partnership"])
        record(
            actor=user,
            action="session.partnership_switched",
            partnership=membership.partnership,
            target=membership.partnership,
            changes={},
        )
    return membership
