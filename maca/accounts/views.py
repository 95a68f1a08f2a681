from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from allauth.account.utils import get_next_redirect_url
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_POST

from maca.accounts import presenters, selectors, services
from maca.accounts.forms import (
    AcceptInvitationForm,
    DeactivateMembershipForm,
    InvitationForm,
    MembershipForm,
    ReactivateMembershipForm,
    SwitchPartnershipForm,
)
from maca.accounts.middleware import MFA_SETUP_ALLOWED, NOT_TIED_TO_A_PARTNERSHIP
from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core import tenancy
from maca.core.concurrency import (
    EditConflict,
    changed_on_another_page_title,
    merge_after_conflict,
    typed_again_after_conflict,
)
from maca.core.errors import apply_validation_error
from maca.core.opened_in import opened_in_field
from maca.partnerships.presenters import agency_name

# Your own account -----------------------------------------------------------------------


def account(request):
    from allauth.mfa.utils import is_mfa_enabled

    memberships = selectors.own_memberships_everywhere(request.user, request.memberships)
    return render(
        request,
        "accounts/account.html",
        {
            "summary": [
                {"key": {"text": "Name"}, "value": {"text": request.user.full_name}},
                {"key": {"text": "E-mail"}, "value": {"text": request.user.email}},
            ],
            "memberships_table": {
                "head": [{"text": "Partnership"}, {"text": "Role"}, {"text": "Agency"}],
                "rows": [
                    [
                        {"text": m.partnership.name},
                        {"text": m.get_role_display()},
                        {"text": agency_name(m.agency) if m.agency else "–"},
                    ]
                    for m in memberships
                ],
            },
            "mfa_enabled": is_mfa_enabled(request.user),
        },
    )


def switch_partnership(request):
    if request.method == "POST":
        form = SwitchPartnershipForm(request.POST)
        try:
            if not form.is_valid():  # not a partnership's number at all
                raise ValidationError("No such partnership")
            membership = services.partnership_switch(
                user=request.user, session=request.session, partnership_id=form.cleaned_data["partnership"]
            )
        except ValidationError:
            messages.error(request, "You do not have access to that partnership.")
            return redirect("accounts:switch_partnership")
        messages.success(request, f"You are now working in {membership.partnership.name}.")
        return redirect("home:index")
    # Each agency named as the account page names it, the agency above a
    # sub-unit read with it (one query, however many partnerships).
    memberships = selectors.own_memberships_everywhere(request.user, request.memberships)
    rows = [
        {
            "membership": m,
            "agency": agency_name(m.agency) if m.agency else "–",
            "current": m.partnership_id == request.partnership.pk,
        }
        for m in memberships
    ]
    return render(request, "accounts/switch_partnership.html", {"rows": rows})


# Setting up a second factor ---------------------------------------------------------------


# Pages tied to no partnership that an e-mail's link leads to: still followed after the set-up.
E_MAIL_LINK_PAGES = {"accounts:accept_invitation", "account_reset_password_from_key"}


def link_to_follow(request) -> str | None:
    """The page the person asked for before they had to set up their second
    factor (``?next=``, put there by ``RequireMultiFactorMiddleware``): an
    e-mail's link, say, with the partnership it is about. None when there is
    none, when it would lead off the site, or when it is one of the pages
    reached before the set-up or tied to no partnership (the set-up itself,
    whose address once it is done is a form removing the authenticator,
    signing out, which asks "do you want to sign out?"...), except the pages
    an e-mail's link leads to (``E_MAIL_LINK_PAGES``: an invitation, a
    password reset)."""
    following = get_next_redirect_url(request)
    if following is None:
        return None
    try:
        name = resolve(urlsplit(following).path).view_name
    except Resolver404:
        return following
    if name in E_MAIL_LINK_PAGES:
        return following
    if name in MFA_SETUP_ALLOWED or name in NOT_TIED_TO_A_PARTNERSHIP:
        return None
    return following


class ActivateAuthenticatorView(ActivateTOTPView):
    """allauth's page setting up the authenticator app, which then leads on
    (through the recovery codes it made) to the page the person asked for, as
    the page asking for a code does: an e-mail's link then opens in the
    partnership it is about, not in the one they last worked in."""

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "link_to_follow": link_to_follow(self.request)}

    def get_success_url(self) -> str:
        following = link_to_follow(self.request)
        if following is None:
            return super().get_success_url()
        if not self.did_generate_recovery_codes:
            return following
        return f"{reverse('mfa_view_recovery_codes')}?{urlencode({'next': following})}"


class RecoveryCodesView(ViewRecoveryCodesView):
    """allauth's page of recovery codes, whose "continue" leads to the page the
    person asked for before setting up their authenticator (else home)."""

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "continue_url": link_to_follow(self.request) or reverse("home:index"),
        }


activate_authenticator = ActivateAuthenticatorView.as_view()
recovery_codes = RecoveryCodesView.as_view()


# Invitations (the link in the e-mail) -----------------------------------------------------


def sign_in_after_accepting(request, user):
    """Sign the new person in as if they had just typed their password, which
    they have: allauth then lets them set up their authenticator straight away
    without asking for the password a second time."""
    from allauth.account.internal.flows.login import perform_password_login
    from allauth.account.models import Login

    login = Login(user=user, email=user.email, redirect_url=reverse("home:index"))
    return perform_password_login(request, {"email": user.email}, login)


UNUSABLE_MESSAGES = {
    "not_found": (
        "This link does not work",
        "Check you copied the whole link from the e-mail. If your invitation was sent to you again, "
        "use the link in the latest e-mail: the earlier one no longer works.",
    ),
    "expired": ("This invitation has expired", "Ask your partnership admin to send you a new invitation."),
    "accepted": ("This invitation has already been used", "You can sign in with the account you created."),
    "revoked": ("This invitation has been withdrawn", "Ask your partnership admin if you still need access."),
    "agency_inactive": (
        "This invitation can no longer be used",
        "The agency it was for is no longer taking part in the partnership’s audits. "
        "Ask your partnership admin if you still need access.",
    ),
    "already_member": (
        "You already have access",
        "You were given access to this partnership after this invitation was sent, so it is not needed. "
        "If your role should change, ask your partnership admin.",
    ),
    "sign_in_required": (
        "Sign in to accept this invitation",
        "You already have a maca account. Sign in with it, then open the link in the e-mail again.",
    ),
}


def _unusable(request, reason: str):
    title, advice = UNUSABLE_MESSAGES.get(reason, UNUSABLE_MESSAGES["not_found"])
    return render(request, "accounts/invitation_unusable.html", {"title": title, "advice": advice}, status=410)


@login_not_required
def accept_invitation(request, token: str):
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationUnusable as error:
        return _unusable(request, error.reason)
    # Whoever follows the link works in the invitation's partnership until they accept.
    user_id = request.user.pk if request.user.is_authenticated else None
    with tenancy.for_partnership(invitation.partnership_id, user_id=user_id):
        return _accept_invitation(request, invitation)


def _accept_invitation(request, invitation):
    existing_user = selectors.user_with_email(invitation.email)
    if existing_user is not None:
        # Someone who already has a maca login (from another partnership, say)
        # accepts while signed in as themselves.
        signed_in_as_them = request.user.is_authenticated and request.user.pk == existing_user.pk
        if request.method == "POST" and signed_in_as_them:
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except services.InvitationUnusable as error:
                return _unusable(request, error.reason)
            services.partnership_switch(
                user=request.user, session=request.session, partnership_id=invitation.partnership_id
            )
            messages.success(request, f"You now have access to {invitation.partnership.name}.")
            return redirect("home:index")
        return render(
            request,
            "accounts/invitation_existing_user.html",
            {"invitation": invitation, "signed_in_as_them": signed_in_as_them},
        )

    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as error:
            return _unusable(request, error.reason)
        messages.success(request, f"Welcome to maca. You now have access to {invitation.partnership.name}.")
        return sign_in_after_accepting(request, membership.user)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


# Managing people (partnership admins) -----------------------------------------------------


@require_capability(Capability.MANAGE_MEMBERS)
def members(request):
    partnership = request.partnership
    status = request.GET.get("status", "active")
    if status not in dict(MEMBER_STATUS_CHOICES):
        status = "active"
    return render(
        request,
        "accounts/members.html",
        {
            "members_table": presenters.members_table(
                selectors.memberships_for(partnership, status=status), caption=MEMBER_LIST_HEADINGS[status]
            ),
            "list_heading": MEMBER_LIST_HEADINGS[status],
            "invitations_table": presenters.invitations_table(
                selectors.invitations_not_yet_accepted_for(partnership), get_token(request), opened_in_field(request)
            ),
            "status": status,
            "status_choices": MEMBER_STATUS_CHOICES,
            "invite_url": reverse("accounts:invite"),
        },
    )


MEMBER_STATUS_CHOICES = [("active", "Active"), ("deactivated", "Access removed"), ("all", "Everyone")]
# The list's heading (and its table's name) says whom the filter chosen shows.
MEMBER_LIST_HEADINGS = {
    "active": "People with access",
    "deactivated": "People whose access was removed",
    "all": "Everyone who has had access",
}


@require_capability(Capability.MANAGE_MEMBERS)
def invite(request):
    form = InvitationForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A new invitation replaces one still waiting (the way to send someone a fresh link): say so.
        replaces = (
            selectors.pending_invitations_for(request.partnership).filter(email__iexact=data["email"].strip()).exists()
        )
        try:
            invitation, _token = services.invitation_create(
                actor=request.user,
                partnership=request.partnership,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                agency=data["agency"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Invitation for {invitation.email} made: the e-mail with its link is on its way, and whether it "
                f"has gone shows below. The link works for {settings.INVITATION_VALID_DAYS} days."
                + (
                    " It replaces the earlier invitation: the link in the earlier e-mail no longer works."
                    if replaces
                    else ""
                ),
            )
            return redirect("accounts:members")
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "back_url": reverse("accounts:members"), "valid_days": settings.INVITATION_VALID_DAYS},
    )


def _membership_for_admin(request, pk: int):
    return get_object_or_404(selectors.memberships_for(request.partnership, status="all"), pk=pk)


def _member_initial(membership) -> dict:
    return {
        "role": membership.role,
        "agency": membership.agency_id,
        "job_title": membership.job_title,
        "version": membership.version,
    }


@require_capability(Capability.MANAGE_MEMBERS)
def member(request, pk: int):
    membership = _membership_for_admin(request, pk)
    form = MembershipForm(request.POST or None, partnership=request.partnership, initial=_member_initial(membership))
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.membership_update(
                actor=request.user,
                membership=membership,
                role=data["role"],
                agency=data["agency"],
                job_title=data["job_title"],
                expected_version=data["version"],
            )
        except EditConflict as error:
            # Show the current details, and what the user changed, to check and save again.
            membership = error.instance
            merged = merge_after_conflict(form, _member_initial(membership), version=membership.version)
            # Said as the audit's pages say it: the person's own save on another page is not someone else's.
            by_you = selectors.membership_changed_since_by(membership, data["version"]) == {request.user.pk}
            conflict = merged.message(f"{membership.user.full_name}’s access", by_you=by_you)
            form = merged.shown_on(
                MembershipForm(partnership=request.partnership, initial=merged.initial), by_you=by_you
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            name = membership.user.full_name
            if updated.version == data["version"]:
                messages.success(request, f"Nothing was changed: {name}’s access is as it was.")
            elif updated.user_id == request.user.pk and not updated.can(Capability.MANAGE_MEMBERS):
                # An admin who gave themselves another role can no longer open the people pages:
                # say so on a page they can open, not above "You cannot use this page".
                messages.success(
                    request,
                    f"Your role is now {updated.get_role_display()}. You can no longer manage people: "
                    "another partnership admin can change your role back.",
                )
                return redirect("home:index")
            else:
                messages.success(request, f"{name}’s access has been updated.")
            return redirect("accounts:members")
    return render(
        request,
        "accounts/member.html",
        {
            "membership": membership,
            "form": form,
            "conflict": conflict,
            "conflict_message": conflict or "",
            "conflict_title": changed_on_another_page_title("this person’s access") if conflict and by_you else "",
            "summary": presenters.membership_summary(membership),
            "back_url": reverse("accounts:members"),
        },
    )


@require_capability(Capability.MANAGE_MEMBERS)
def deactivate_member(request, pk: int):
    membership = _membership_for_admin(request, pk)
    form = DeactivateMembershipForm(request.POST or None, initial={"version": membership.version})
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_deactivate(
                actor=request.user,
                membership=membership,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            membership = error.instance
            # Said as the person's page says it: their own change on another page is not someone else's.
            by_you = selectors.membership_changed_since_by(membership, form.cleaned_data["version"]) == {
                request.user.pk
            }
            conflict = error.message("this person’s access", by_you=by_you)
            # No error on the form: the page says what happened from ``conflict``.
            form = typed_again_after_conflict(DeactivateMembershipForm, request.POST, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{membership.user.full_name} no longer has access to the partnership.")
            return redirect("accounts:members")
    return render(
        request,
        "accounts/deactivate_member.html",
        {
            "membership": membership,
            "form": form,
            "conflict": conflict,
            "conflict_message": conflict or "",
            "conflict_title": changed_on_another_page_title("this person’s access") if conflict and by_you else "",
            # The current details the conflict message asks to check, on this page.
            "current_summary": presenters.membership_summary(membership) if conflict else None,
            "back_url": reverse("accounts:member", args=[membership.pk]),
        },
    )


@require_POST
@require_capability(Capability.MANAGE_MEMBERS)
def reactivate_member(request, pk: int):
    membership = _membership_for_admin(request, pk)
    form = ReactivateMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date. Check the details and try again.")
        return redirect("accounts:member", pk=membership.pk)
    try:
        services.membership_reactivate(
            actor=request.user, membership=membership, expected_version=form.cleaned_data["version"]
        )
    except EditConflict as error:
        by_you = selectors.membership_changed_since_by(error.instance, form.cleaned_data["version"]) == {
            request.user.pk
        }
        messages.error(request, error.message("this person’s access", by_you=by_you))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user.full_name} has access again.")
    return redirect("accounts:member", pk=membership.pk)


@require_POST
@require_capability(Capability.MANAGE_MEMBERS)
def revoke_invitation(request, pk: int):
    # Any of the partnership's invitations: one accepted, withdrawn or expired
    # since the list was shown (another tab, a second click) is said so, not "Page not found".
    invitation = get_object_or_404(selectors.invitations_for(request.partnership), pk=pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError:
        invitation.refresh_from_db()
        said = NO_LONGER_WAITING.get(invitation.status, NO_LONGER_WAITING["revoked"])
        messages.info(request, said.format(email=invitation.email) + " Nothing was changed.")
        return redirect("accounts:members")
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("accounts:members")


@require_POST
@require_capability(Capability.MANAGE_MEMBERS)
def resend_invitation(request, pk: int):
    """Send an invitation waiting or expired again, with a new link (the earlier one stops working)."""
    invitation = get_object_or_404(selectors.invitations_for(request.partnership), pk=pk)
    try:
        invitation, _token = services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # the person has access, or had it removed: what to do instead
            messages.info(request, " ".join(error.messages) + ". The invitation was not sent again.")
        else:  # accepted, withdrawn or no longer usable since the list was shown
            invitation.refresh_from_db()
            said = NO_LONGER_WAITING.get(invitation.status, NO_LONGER_WAITING["revoked"])
            messages.info(request, said.format(email=invitation.email) + " It was not sent again.")
        return redirect("accounts:members")
    messages.success(
        request,
        f"The invitation to {invitation.email} has been sent again: the e-mail with its new link is on its way. "
        f"The new link works until {presenters.expiry_day(invitation)}; the link in the earlier e-mail no "
        "longer works.",
    )
    return redirect("accounts:members")


# Why an invitation could not be withdrawn (or sent again): it was no longer waiting.
NO_LONGER_WAITING = {
    "accepted": "{email} has already accepted the invitation.",
    "revoked": "The invitation to {email} had already been withdrawn.",
    "expired": "The invitation to {email} had already expired.",
    "agency_inactive": "The invitation to {email} can no longer be used: its agency is no longer taking part.",
}
