"""The invitation e-mail, made at the moment of delivery.

Its link is a secret, so the message is not written anywhere before it goes:
the outgoing e-mail names this builder and the invitation's id, and the
delivery task calls :func:`build_invitation_email` (registered in
``AccountsConfig.ready()``).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maca.notifications.builders import Built


def invitation_subject(invitation) -> str:
    # The subject begins with the partnership's name (``delivery.subject_for``);
    # the body names it in full.
    return "You are invited to join maca"


def build_invitation_email(invitation_id: int) -> Built | None:
    from maca.accounts import selectors
    from maca.accounts.models import Invitation

    invitation = (
        Invitation.objects.select_related("partnership", "agency__parent", "invited_by", "sent_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.status != "pending":
        return None  # withdrawn, used or expired: nothing to send
    token = invitation.link_token()
    token_hash = Invitation.hash_token(token)
    if invitation.token_hash != token_hash:
        # SECRET_KEY changed since the invitation was made: the link sent now replaces the old one.
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
    days_left = max(1, math.ceil((invitation.expires_at - timezone.now()).total_seconds() / 86400))
    body = render_to_string(
        "accounts/email/invitation.txt",
        {
            "base_url": settings.MACA_BASE_URL,
            "invitation": invitation,
            "link": settings.MACA_BASE_URL + reverse("accounts:accept_invitation", args=[token]),
            "valid_days": days_left,
            # Someone with a maca login already (from another partnership) signs in
            # to accept, as the link's page tells them: the e-mail says so too.
            "has_account": selectors.user_with_email(invitation.email) is not None,
        },
    )
    return Built(to=[invitation.email], subject=invitation_subject(invitation), body=body)
