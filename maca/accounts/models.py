"""People, what they may do in each partnership, and invitations."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from maca.accounts.roles import AGENCY_ROLES, Capability, Role, capabilities_of, role_requires_mfa
from maca.core import tenancy
from maca.core.concurrency import VersionedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. One login, whatever the number of partnerships."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(
        default=True,
        help_text="Platform-level switch. Partnerships deactivate memberships, not users.",
    )
    is_staff = models.BooleanField(default=False, help_text="Platform operator: may use /platform-admin/.")
    date_joined = models.DateTimeField(default=timezone.now)
    last_partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the person last chose to work; where they start when they next sign in.",
    )

    session_generation = models.PositiveIntegerField(
        default=0,
        help_text="Raised to end every session the person has open (e.g. when their second factor is reset).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    # A session stays signed in while the hash Django stored in it still
    # matches. Django hashes the password; maca adds the session generation
    # once it has been raised, so raising it ends every open session (and a
    # generation of 0 leaves the sessions made before this existed valid).
    def get_session_auth_hash(self):
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)

    def _session_hash(self, secret=None) -> str:
        material = self.password if not self.session_generation else f"{self.password}:{self.session_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            material,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def active_memberships(self):
        """The person's own memberships that can act (:meth:`MembershipQuerySet.able_to_act`),
        oldest first: where they may work once signed in."""
        return (
            Membership.objects.of_person(self)
            .able_to_act()
            # Not the agency's parent: this runs before the request has a partnership,
            # when row security shows a person their own agencies but not the ones
            # above them, and a join would cache "no parent". Read later, within the
            # request's scope, it is there (``agency_name``).
            .select_related("partnership", "agency")
            .order_by("created_at", "pk")
        )

    @property
    def requires_mfa(self) -> bool:
        """Platform operators and roles that see case-level data (see accounts.second_factor)."""
        return self.is_staff or self.is_superuser or any(role_requires_mfa(m.role) for m in self.active_memberships())


class MembershipQuerySet(models.QuerySet):
    """Memberships. A person's own (:meth:`of_person`) are read acting for
    them, so that on PostgreSQL row-level security shows them in every
    partnership, whatever the code works for (signing in, choosing where to work)."""

    _person_id: int | None = None

    def of_person(self, user):
        mine = self.filter(user=user)
        mine._person_id = user.pk
        return mine

    def _clone(self):
        clone = super()._clone()
        clone._person_id = self._person_id
        return clone

    def _acting(self):
        return tenancy.acting_for(self._person_id) if self._person_id else contextlib.nullcontext()

    def _fetch_all(self):
        with self._acting():
            super()._fetch_all()

    def count(self):
        with self._acting():
            return super().count()

    def exists(self):
        with self._acting():
            return super().exists()

    def active(self):
        """Memberships not ended, whether or not they can act (:meth:`able_to_act`)."""
        return self.filter(is_active=True)

    def able_to_act(self):
        """Memberships through which someone can act now: the one rule of
        who may sign in to a partnership, be reminded, be told or own work.

        A membership can act when all of these hold:

        - the membership itself is active (not ended by an admin);
        - its partnership is active (not switched off by an operator);
        - for an agency role (lead or auditor), its agency is active: an agency
          role grants nothing once its agency is deactivated, even where the
          membership was left active. Other roles do not act for an agency, so
          an agency an older record names does not matter;
        - the person's account is active (not switched off by an operator).

        Every caller asking "who can act" uses this, adding its own filters
        (partnership, role, agency) after it."""
        return self.filter(is_active=True, partnership__is_active=True, user__is_active=True).exclude(
            role__in=AGENCY_ROLES, agency__is_active=False
        )

    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class Membership(VersionedModel):
    """Ties a user to a partnership, optionally to an agency, with one role."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(
        "partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivation_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_membership_per_partnership"),
            models.CheckConstraint(
                condition=~Q(role__in=["agency_lead", "agency_auditor"]) | Q(agency__isnull=False),
                name="agency_roles_have_an_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.partnership.short_name})"

    def can(self, capability: Capability) -> bool:
        return self.is_active and capability in capabilities_of(self.role)

    @property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities_of(self.role) if self.is_active else frozenset()

    @property
    def is_agency_role(self) -> bool:
        return self.role in (Role.AGENCY_LEAD, Role.AGENCY_AUDITOR)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def unanswered(self):
        """Neither accepted nor withdrawn, and not expired, whatever its agency."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def pending(self):
        """Still usable: waiting to be accepted. An invitation to an agency role
        is not, once its agency is deactivated (its link refuses it), as an
        agency role grants nothing then (``User.active_memberships``)."""
        return self.unanswered().exclude(role__in=AGENCY_ROLES, agency__is_active=False)

    def with_overtaken(self):
        """Each invitation with whether something since it was last sent made
        it no longer the one that counts for its address (the one rule of it):

        - ``sent_to_again``: another invitation of the partnership was sent to
          the same address after it (whatever became of that one);
        - ``had_access_since``: its person has access to the partnership, or
          had it after it was sent (accepting another invitation, given back
          from their page, given by a platform operator), even if removed since.

        An overtaken invitation is not listed once expired, and is not sent
        again: to bring someone back, their page gives their access back, or
        a new invitation is made."""
        sent_later = Invitation.objects.filter(
            partnership=OuterRef("partnership"), email__iexact=OuterRef("email")
        ).filter(Q(sent_at__gt=OuterRef("sent_at")) | Q(sent_at=OuterRef("sent_at"), pk__gt=OuterRef("pk")))
        access_since = Membership.objects.filter(
            partnership=OuterRef("partnership"), user__email__iexact=OuterRef("email")
        ).filter(Q(is_active=True) | Q(deactivated_at__gt=OuterRef("sent_at")))
        return self.annotate(sent_to_again=Exists(sent_later), had_access_since=Exists(access_since))


class Invitation(models.Model):
    """A one-time link that lets someone join a partnership with a given role."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=40, choices=Role.choices)
    agency = models.ForeignKey(
        "partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    job_title = models.CharField(max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(
        default=timezone.now, help_text="When its link was last sent: when it was made, or sent again."
    )
    sent_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who sent it again last (none: it has been sent once, by whoever invited).",
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations_accepted"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash_token(token)

    def link_token(self) -> str:
        """The secret in the invitation link. It is made again from the
        invitation and ``SECRET_KEY`` whenever it is needed (by the e-mail task,
        at delivery) and never stored or handed to a task: only its hash is
        kept, to find the invitation when the link is followed."""
        expires = self.expires_at.astimezone(dt.UTC)
        value = f"{self.pk}:{self.email.lower()}:{expires:%Y%m%dT%H%M%S%f}"
        return salted_hmac("maca.accounts.invitation", value, algorithm="sha256").hexdigest()

    @property
    def agency_given(self):
        """The agency the person will act for once they accept: only an agency
        role has one. An invitation of another role that names an agency (made
        before the rule) has it dropped on acceptance (``invitation_accept``),
        so no page or e-mail offers it."""
        return self.agency if self.role in AGENCY_ROLES else None

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        if self.role in AGENCY_ROLES and self.agency_id and not self.agency.is_active:
            return "agency_inactive"
        return "pending"
