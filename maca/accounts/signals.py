"""Sign-in events go to the audit log. These are the only audit records written
from signals: signing in is done by allauth, not by a maca service.

Setting an authenticator app up counts as this session's second factor (the
person has just typed a code from it)."""

from __future__ import annotations

from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from maca.accounts.middleware import mark_signed_in
from maca.accounts.second_factor import record_second_factor_set_up
from maca.audit_trail.services import record
from maca.core import tenancy


def _partnership_of(user):
    membership = user.active_memberships().first()
    return membership.partnership if membership else None


def _record_in_own_partnership(user, action: str) -> None:
    """Signing in and out happen outside any partnership's request: the event
    goes to the log of the person's first partnership, in that partnership's scope."""
    partnership = _partnership_of(user)
    with tenancy.for_partnership(partnership.pk if partnership else None, user_id=user.pk):
        record(actor=user, action=action, partnership=partnership, target=user)


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request.session)
    _record_in_own_partnership(user, "user.signed_in")


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        _record_in_own_partnership(user, "user.signed_out")


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    attempted = (credentials.get("email") or credentials.get("username") or "")[:254]
    record(actor=None, actor_label=attempted or "unknown", action="user.sign_in_failed", changes={})


@receiver(authenticator_added)
def _second_factor_set_up(sender, request, user, authenticator, **kwargs):
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_second_factor_set_up(request, authenticator)
