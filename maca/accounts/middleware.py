"""Per-request: the user's current partnership and role, the second-factor rule, and the
partnership a form was opened in."""

from __future__ import annotations

import logging
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.html import format_html

from maca.accounts.second_factor import has_authenticator, session_passed_second_factor, user_requires_second_factor
from maca.core import tenancy
from maca.core.opened_in import FIELD

logger = logging.getLogger("maca.security")

CURRENT_PARTNERSHIP_SESSION_KEY = "maca_partnership_id"

DEACTIVATED_MESSAGE = (
    "Your access to maca has been removed. If you think this is wrong, contact your partnership’s business unit."
)


SIGNED_IN_AT_SESSION_KEY = "maca_signed_in_at"

SESSION_ENDED_MESSAGE = "For your security, you are signed out {hours} hours after signing in. Sign in again."


def mark_signed_in(session) -> None:
    session[SIGNED_IN_AT_SESSION_KEY] = time.time()


class SessionLifetimeMiddleware:
    """A session ends ``MACA_SESSION_MAX_HOURS`` after sign-in, however busy
    it has been (the idle time-out is the session cookie's age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
            if signed_in_at is None:
                # A session from before this rule: its clock starts now.
                mark_signed_in(request.session)
            elif time.time() - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                # The signed-out page says why itself (``session_timeout.signed_out``).
                request.session_reached_maximum = True
                if _view_name(request) != "accounts:signed_out":
                    messages.info(request, SESSION_ENDED_MESSAGE.format(hours=settings.SESSION_MAX_HOURS))
        return self.get_response(request)


class CurrentMembershipMiddleware:
    """Sets ``request.membership`` (or None), ``request.partnership`` and
    ``request.memberships`` (all the user's active memberships), and the
    request's tenancy scope (``maca.core.tenancy``): the rest of the request
    reaches only its partnership's rows on PostgreSQL.

    A signed-in person with no active membership left is signed out at once:
    deactivation takes effect on their next click, not when they next sign in.
    Only an invitation's page lets them stay, to accept it (``forms.SignInForm``
    lets them sign in for that).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.partnership = None
        request.memberships = []
        user = request.user
        user_id = user.pk if user.is_authenticated else None
        if user.is_authenticated:
            memberships = list(user.active_memberships())
            if not memberships and not user.is_staff and _view_name(request) != "accounts:accept_invitation":
                # (The one page such a person may reach: an invitation's, to
                # accept it. It works in the invitation's partnership.)
                logout(request)
                messages.error(request, DEACTIVATED_MESSAGE)
                if _view_name(request) == "accounts:keep_alive":
                    # The page's script reads JSON, as ``keep_alive`` answers
                    # anyone signed out, and goes to the signed-out page (which
                    # shows the message).
                    return JsonResponse({"signed_in": False, "seconds_left": 0})
                return redirect("account_login")
            chosen = request.session.get(CURRENT_PARTNERSHIP_SESSION_KEY) or user.last_partnership_id
            current = next((m for m in memberships if m.partnership_id == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            request.memberships = memberships
            request.membership = current
            request.partnership = current.partnership if current else None
        # The rest of the request reaches its partnership's rows alone (none without one).
        with tenancy.for_partnership(request.partnership.pk if request.partnership else None, user_id=user_id):
            return self.get_response(request)


class PartnershipOfLinkMiddleware:
    """A link in an e-mail names the partnership it is about
    (``?partnership=<slug>``, ``notifications.services.about_partnership``).
    Opened by someone with an active membership there, it makes that
    partnership the current one, as the "Switch partnership" page does (the
    same service, so recorded the same way), and says so. For anyone else the
    parameter is ignored, whether or not the partnership exists: the page
    answers as it would without it (a record of another partnership is a 404).
    Either way the parameter is then dropped by a redirect, so it is never
    bookmarked, shared or sent on with a form.

    After ``RequireMultiFactorMiddleware``: nobody is switched before their
    second factor; signing in, and setting the second factor up, come back to
    the link, parameter and all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from maca.core.addresses import PARTNERSHIP_PARAMETER, without_partnership

        slug = request.GET.get(PARTNERSHIP_PARAMETER)
        if slug is None or request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return self.get_response(request)
        if user_requires_second_factor(request.user, request.memberships) and not session_passed_second_factor(request):
            # The pages open before the second factor (typing its code, setting
            # it up) switch nothing and say nothing; the link is followed once
            # the code is typed or the set-up done, parameter and all.
            return self.get_response(request)
        path = request.path
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            # Never sent on to an address a browser would read as another site
            # ("//host/...", "/\host"): the page answers as it would without the link.
            return self.get_response(request)
        membership = next((m for m in request.memberships if m.partnership.slug == slug), None)
        # A HEAD (a link previewer, say) is answered the same, and switches nothing.
        if (
            request.method == "GET"
            and membership is not None
            and membership.partnership_id != getattr(request.partnership, "pk", None)
        ):
            from django.core.exceptions import ValidationError

            from maca.accounts.services import partnership_switch

            try:
                partnership_switch(user=request.user, session=request.session, partnership_id=membership.partnership_id)
            except ValidationError:
                # The membership ended since this request began: as for anyone
                # not a member, the page answers as it would without the link.
                pass
            else:
                messages.success(
                    request,
                    f"You are now working in {membership.partnership.name}, the partnership the link you opened is "
                    "about.",
                )
        return redirect(without_partnership(path, request.META.get("QUERY_STRING", "")))


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
    "accounts:keep_alive",
    "accounts:signed_out",
    "core:health",
    "core:accessibility",
    "core:privacy",
}

# URL names a person who has an authenticator but has not used it in this
# session may reach: only the page asking for a code. Recovery codes and the
# security page stay shut, since a password alone must not reach them.
MFA_CONFIRM_ALLOWED = {
    "mfa_reauthenticate",
    "account_logout",
    "accounts:keep_alive",
    "accounts:signed_out",
    "core:health",
    "core:accessibility",
    "core:privacy",
}

CONFIRM_CODE_MESSAGE = "Enter the code from your authenticator app to continue."


class RequireMultiFactorMiddleware:
    """Everyone who must use a second factor (roles that can see case-level
    data, and platform operators) reaches nothing else until *this session*
    has passed it: they set an authenticator app up, or type its code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(settings.STATIC_URL)
            and user_requires_second_factor(user, request.memberships)
            and not session_passed_second_factor(request)
        ):
            name = _view_name(request)
            if not has_authenticator(user):
                if name not in MFA_SETUP_ALLOWED:
                    return redirect(_set_up_then(request))
            elif name not in MFA_CONFIRM_ALLOWED:
                if request.method == "GET" and not getattr(request, "htmx", False):
                    messages.info(request, CONFIRM_CODE_MESSAGE)
                    next_url = request.get_full_path()
                else:
                    next_url = reverse("home:index")
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        return self.get_response(request)


def _set_up_then(request) -> str:
    """The set-up of the second factor, then the page asked for
    (``views.ActivateAuthenticatorView``): an e-mail's link, say, whose
    partnership (``?partnership=``) is switched to only once the set-up is
    done (``PartnershipOfLinkMiddleware``). The home page, where the set-up
    leads anyway, a post and an htmx request add nothing."""
    set_up = reverse("mfa_activate_totp")
    asked_for = request.get_full_path()
    if request.method != "GET" or getattr(request, "htmx", False) or asked_for == reverse("home:index"):
        return set_up
    return f"{set_up}?{urlencode({'next': asked_for})}"


def _view_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


# URL names whose posts are never refused for the partnership their page was
# opened in: they save nothing in a partnership (signing in and out, keeping
# the session alive, the person's own password and second factor), or choose
# the partnership themselves (switching back from a page left open, accepting
# an invitation to another). Their forms carry no partnership, and a post to
# them without one is not written to the log: it escaped no test
# (``maca/tests/test_every_form_names_its_partnership.py`` reads this list).
NOT_TIED_TO_A_PARTNERSHIP = {
    "account_logout",
    "accounts:keep_alive",
    "accounts:signed_out",
    "accounts:switch_partnership",
    "accounts:accept_invitation",
    # allauth's pages: signing in, passwords, the second factor.
    "account_login",
    "account_change_password",
    "account_reset_password",
    "account_reset_password_from_key",
    "account_reauthenticate",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_generate_recovery_codes",
}


class OpenedInPartnershipMiddleware:
    """Nothing is saved into a partnership other than the one the page was
    opened in (``maca.core.opened_in``): a post whose form names another
    partnership than the current one (switched to in another tab meanwhile)
    reaches no view. The person is told, in a page (409), or in the status
    an htmx post (autosave) shows, as a refused autosave is: where the page
    was opened, where they work now, that nothing was saved, and how to
    switch back. Only partnerships they are an active member of are named.

    In ``process_view``, so after the CSRF and sign-in checks: a post from
    another site, or from someone signed out, is answered by those first.
    A view that sets its own upload handlers (a file kept in memory) reads
    its post itself, after its own CSRF check: marked
    ``@reads_its_own_post``, it checks with
    ``@refused_if_opened_in_another_partnership`` beside that check.
    Not recorded in the audit log, as no refusal of a page is (a 403, a 404,
    ``core.errors.Refused``): nothing happened; the request log has the 409."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "reads_its_own_post", False):
            return None
        return opened_in_another_partnership(request)


def reads_its_own_post(view):
    """For a view that sets its own upload handlers before its post is read
    (so the middleware must not read it first): its inner view, once the
    handlers are in place, is decorated ``@refused_if_opened_in_another_partnership``."""
    view.reads_its_own_post = True
    return view


def refused_if_opened_in_another_partnership(view):
    """The middleware's check, made by a view marked ``@reads_its_own_post``
    once its upload handlers are in place (under its ``@csrf_protect``)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return opened_in_another_partnership(request) or view(request, *args, **kwargs)

    return wrapped


def opened_in_another_partnership(request):
    """The refusal of an unsafe request whose form was opened in another
    partnership than the current one; None for any other request."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or not request.user.is_authenticated:
        return None
    carried = request.POST.get(FIELD)
    if _view_name(request) in NOT_TIED_TO_A_PARTNERSHIP:
        return None
    if carried is None:
        # A page opened before every form carried its partnership, or a form
        # that does not (``maca/tests/test_every_form_names_its_partnership.py``
        # should catch it): let through, as before, but said in the log when
        # it could have been opened in another of the person's partnerships.
        if len(request.memberships) > 1 and not request.path.startswith("/platform-admin/"):
            logger.warning(
                "A form was sent without the partnership it was opened in",
                extra={"path": request.path, "user_id": request.user.pk},
            )
        return None
    current = request.partnership
    if current is not None and carried == str(current.pk):
        return None
    opened_in = next((m.partnership for m in request.memberships if str(m.partnership_id) == carried), None)
    return _refuse_other_partnership(request, opened_in=opened_in, current=current)


def _refuse_other_partnership(request, *, opened_in, current):
    there = opened_in.name if opened_in is not None else "another partnership"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        # As the autosave view refuses a save: shown where its status goes,
        # and "no", so the page keeps the answers in its tab as not saved.
        now = f"you are now working in {current.name}" if current else "you are not working in it now"
        html = format_html(
            '<p class="govuk-body maca-overdue" role="status">Not saved: this page was opened while you were '
            'working in {}, and {}. <a class="govuk-link" href="{}">Switch partnership</a> to carry on there.</p>',
            there,
            now,
            reverse("accounts:switch_partnership"),
        )
        return HttpResponse(html, headers={"X-Draft-Saved": "no", "Cache-Control": "no-store"})
    # No link back to the page: opened again now, it would be opened in the
    # partnership the person has switched to, the mistake refused here. The
    # browser's back button returns to what they typed.
    return render(
        request,
        "accounts/opened_in_another_partnership.html",
        {"opened_in": opened_in, "working_in": current},
        status=409,
    )
