"""Sign-in events, and changes to a person's own sign-in security (password,
second factor, recovery codes), go to the audit log. These are the only audit
records written from signals: allauth does these things, not a maca service.
Nothing secret is recorded: no password, code or key, only what kind of
second factor it was.

Setting an authenticator app up counts as this session's second factor (the
person has just typed a code from it)."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
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


def _record_in_every_partnership(user, action: str, changes: dict | None = None) -> None:
    """A change to how the person signs in concerns every partnership they can
    work in: the event goes to the log of each (if none, the platform’s), each
    in that partnership's scope."""
    partnerships = [m.partnership for m in user.active_memberships().select_related("partnership")]
    with transaction.atomic():
        for partnership in partnerships or [None]:
            with tenancy.for_partnership(partnership.pk if partnership else None, user_id=user.pk):
                record(actor=user, action=action, partnership=partnership, target=user, changes=changes or {})


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


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs):
    _record_in_every_partnership(user, "user.password_changed")


@receiver(password_set)
def _password_set(sender, request, user, **kwargs):
    _record_in_every_partnership(user, "user.password_set")


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    _record_in_every_partnership(user, "user.password_reset")


# allauth's kinds of second factor, as maca's pages name them.
KIND_WORDS = {"totp": "Authenticator app", "recovery_codes": "Recovery codes", "webauthn": "Security key"}


def _kind(authenticator) -> dict:
    """What kind of second factor it was, and nothing of it (its secret, its codes)."""
    return {"kind": KIND_WORDS.get(authenticator.type, str(authenticator.get_type_display()))}


@receiver(authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    _record_in_every_partnership(user, "authenticator.added", _kind(authenticator))


@receiver(authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    _record_in_every_partnership(user, "authenticator.removed", _kind(authenticator))


@receiver(authenticator_reset)
def _recovery_codes_regenerated(sender, request, user, authenticator, **kwargs):
    # allauth sends this when new recovery codes replace the old ones.
    _record_in_every_partnership(user, "authenticator.codes_regenerated", _kind(authenticator))
