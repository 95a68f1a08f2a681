"""Changes platform operators make in /platform-admin/ to people, memberships
and second factors.

An operator stands outside every partnership, so each change they make is
written to the audit log of every partnership it touches (the person's
partnerships), in the same transaction, and that partnership's admins are
told by e-mail. An operator who gives themselves access appears in the
partnership's log like anyone else, and the admins are told that too.

What operators may not do at all (see docs/roles.md, "Platform operators"):
set or change someone's password (people reset their own by e-mail), delete
a person or a membership (access is removed, never erased), or reset their
own second factor.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import (
    _active_admins,
    _check_role_and_agency,
    _invitations_to,
    _lock_agency,
    _withdraw,
    _withdraw_invitations_to,
    membership_create,
)
from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.notifications.services import send_email
from maca.partnerships.models import Agency, Partnership
from maca.partnerships.services import partnership_hold

VIA = "platform admin"
USER_FIELDS = ("email", "full_name", "is_active", "is_staff", "is_superuser")
MIN_RESET_REASON = 10


def _partnerships_of(user: User) -> list[Partnership]:
    return list(Partnership.objects.filter(memberships__user=user).distinct().order_by("pk"))


def _tell_admins(*, partnership: Partnership, actor: User, person: User, what: list[str]) -> None:
    # The admins who can act now: not one whose account or partnership is switched off.
    recipients = sorted(
        Membership.objects.able_to_act()
        .filter(partnership=partnership, role=Role.PARTNERSHIP_ADMIN)
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    send_email(
        to=recipients,
        subject=f"A platform operator changed {person.full_name or person.email}’s access",
        template="accounts/email/operator_change.txt",
        context={"partnership": partnership, "actor": actor, "person": person, "what": what},
        kind="operator_change",
        partnership=partnership,
    )


def _record_everywhere(*, actor: User, person: User, action: str, target, changes: dict, what: list[str]) -> None:
    """One event per partnership the person belongs to (a platform-wide one if none), and their admins told."""
    partnerships = _partnerships_of(person)
    for partnership in partnerships or [None]:
        record(actor=actor, action=action, partnership=partnership, target=target, changes={**changes, "via": VIA})
        if partnership is not None:
            _tell_admins(partnership=partnership, actor=actor, person=person, what=what)


def _describe(changes: dict) -> list[str]:
    labels = {
        "email": "e-mail address",
        "full_name": "name",
        "is_active": "may sign in",
        "is_staff": "platform operator",
        "is_superuser": "all admin permissions",
        "role": "role",
        "agency": "agency",
        "job_title": "job title",
        "is_active_membership": "access to the partnership",
    }

    def show(value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return value.get("label", "")
        if value in Role.values:
            return Role(value).label
        return value or "none"

    return [f"{labels.get(key, key)}: {show(old)} → {show(new)}" for key, (old, new) in changes.items()]


# People --------------------------------------------------------------------------------


LOGIN_CHANGED = "Someone changed this login while you were editing. Reload and try again."


def operator_user_create(*, actor: User, email: str, full_name: str, password: str | None) -> User:
    """A new login. It gives access to nothing until a membership is added."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
        record(
            actor=actor,
            action="user.created",
            target=user,
            changes={"email": user.email, "full_name": user.full_name, "via": VIA},
        )
    return user


def login_as_shown(values) -> str:
    """What a login's page showed (its fields, from a dict or the login), as one
    string: the login has no version of its own, so a save compares this."""
    get = values.get if isinstance(values, dict) else lambda field: getattr(values, field)
    return hashlib.sha256(json.dumps([get(field) for field in USER_FIELDS], default=str).encode()).hexdigest()


def operator_user_update(
    *,
    actor: User,
    user: User,
    email: str,
    full_name: str,
    is_active: bool,
    is_staff: bool,
    is_superuser: bool,
    shown_as: str | None = None,
) -> User:
    """``shown_as``: ``login_as_shown`` of the login when its page was opened;
    refused if it has changed since (checked under the login's lock)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if shown_as is not None and shown_as != login_as_shown(user):
            raise ValidationError(LOGIN_CHANGED)
        before = {field: getattr(user, field) for field in USER_FIELDS}
        user.email, user.full_name = email.strip().lower(), full_name.strip()
        user.is_active, user.is_staff, user.is_superuser = is_active, is_staff, is_superuser
        changes = diff(before, {field: getattr(user, field) for field in USER_FIELDS})
        if not changes:
            return user
        user.save()
        _record_everywhere(
            actor=actor, person=user, action="user.updated", target=user, changes=changes, what=_describe(changes)
        )
    return user


# Memberships ---------------------------------------------------------------------------


def operator_membership_create(
    *, actor: User, user: User, partnership: Partnership, role: str, agency: Agency | None, job_title: str = ""
) -> Membership:
    with transaction.atomic():
        # In the order the other services take them: the partnership, the
        # agency, then the person's waiting invitations (before the membership,
        # as accepting takes them); a waiting invitation would otherwise stay
        # listed, and its link refused.
        partnership_hold(partnership)
        agency = _lock_agency(agency)
        waiting = list(
            Invitation.objects.unanswered()
            .select_for_update()
            .filter(partnership_id=partnership.pk, email__iexact=user.email)
        )
        membership = membership_create(
            actor=actor,
            user=user,
            partnership=partnership,
            role=role,
            agency=agency,
            job_title=job_title.strip(),
            also_record={"via": VIA, "to_themselves": user.pk == actor.pk},
        )
        for invitation in waiting:
            _withdraw(actor=actor, invitation=invitation, reason="they were given access directly instead")
        what = [f"new access: {Role(role).label}" + (f", {agency.name}" if agency else "")]
        if user.pk == actor.pk:
            what.append("the operator gave this access to themselves")
        _tell_admins(partnership=partnership, actor=actor, person=user, what=what)
    return membership


def operator_membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    agency: Agency | None,
    job_title: str,
    is_active: bool,
    deactivation_reason: str,
    expected_version: int,
) -> Membership:
    with transaction.atomic():
        partnership_hold(membership.partnership)  # the last-admin rule: one change at a time
        agency = _lock_agency(agency)  # before the membership, as a deactivation takes them
        _invitations_to(membership)  # before the membership, as accepting takes them
        membership = lock_for_update(membership, expected_version=expected_version)
        _check_role_and_agency(partnership=membership.partnership, role=role, agency=agency)
        loses_admin = membership.role == Role.PARTNERSHIP_ADMIN and membership.is_active
        loses_admin = loses_admin and (role != Role.PARTNERSHIP_ADMIN or not is_active)
        if loses_admin and _active_admins(membership.partnership).count() == 1:
            raise ValidationError("The partnership must keep at least one partnership admin.")
        before = {
            "role": membership.role,
            "agency": membership.agency,
            "job_title": membership.job_title,
            "is_active_membership": membership.is_active,
        }
        membership.role, membership.agency, membership.job_title = role, agency, job_title.strip()
        if is_active != membership.is_active:
            membership.is_active = is_active
            membership.deactivated_at = None if is_active else timezone.now()
            membership.deactivation_reason = "" if is_active else deactivation_reason.strip()
        after = {
            "role": role,
            "agency": agency,
            "job_title": membership.job_title,
            "is_active_membership": is_active,
        }
        changes = diff(before, after)
        if not changes:
            return membership
        bump_version(membership)
        membership.save()
        logged = {**changes, "via": VIA}
        if "is_active_membership" in changes and not is_active:
            logged["reason"] = membership.deactivation_reason
        record(
            actor=actor,
            action="membership.updated",
            partnership=membership.partnership,
            target=membership,
            changes=logged,
        )
        if "is_active_membership" in changes:
            # As the admin's own pages do (``_end_access``, ``membership_reactivate``):
            # an invitation left waiting cannot undo the decision.
            reason = "their access was given back instead" if is_active else "their access was removed"
            _withdraw_invitations_to(actor=actor, membership=membership, reason=reason)
        _tell_admins(partnership=membership.partnership, actor=actor, person=membership.user, what=_describe(changes))
    return membership


# Second factors ------------------------------------------------------------------------


def operator_authenticator_reset(*, actor: User, user: User, reason: str) -> list[str]:
    """Remove someone's authenticator app and recovery codes, for a person who
    has lost both. They set a new one up at their next sign-in. The person and
    their partnerships' admins are told, so that a reset nobody asked for is
    noticed. Returns the kinds removed."""
    from allauth.mfa.models import Authenticator

    reason = reason.strip()
    if user.pk == actor.pk:
        raise ValidationError("You cannot reset your own second factor. Ask another platform operator.")
    if len(reason) < MIN_RESET_REASON:
        raise ValidationError("Say why, and how you checked that the request came from this person.")
    with transaction.atomic():
        authenticators = list(Authenticator.objects.select_for_update().filter(user=user).order_by("pk"))
        if not authenticators:
            raise ValidationError("This person has no second factor to reset.")
        kinds = [a.get_type_display() for a in authenticators]
        for authenticator in authenticators:
            authenticator.delete()
        # Whoever is signed in as this person (on the lost phone, say) is signed out.
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        _record_everywhere(
            actor=actor,
            person=user,
            action="authenticator.reset",
            target=user,
            changes={"removed": kinds, "reason": reason},
            what=[f"second factor reset ({', '.join(kinds)}): {reason}"],
        )
        send_email(
            to=[user.email],
            subject="Your maca second factor has been reset",
            template="accounts/email/second_factor_reset.txt",
            context={"person": user, "actor": actor},
            kind="second_factor_reset",
        )
    return kinds
