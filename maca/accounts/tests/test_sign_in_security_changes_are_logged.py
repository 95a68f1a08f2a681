"""Changes a person makes to how they sign in (their password, their second
factor, their recovery codes) are in the audit log of every partnership they
work in, in words, with nothing secret: no password, code or key."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import PASSWORD, MembershipFactory, totp_code
from maca.audit_trail.models import AuditEvent
from maca.tests.page import words_shown

NEW_PASSWORD = "a-new-long-passphrase-2026"


def _log(client) -> str:
    return words_shown(client.get(reverse("audit_trail:events")).content.decode())


def _nothing_secret_recorded(*secrets: str) -> None:
    for event in AuditEvent.objects.all():
        recorded = f"{event.changes} {event.object_label} {event.actor_label}"
        for secret in secrets:
            assert secret not in recorded, event.action


def test_changing_or_resetting_ones_password_is_in_the_log_of_each_of_ones_partnerships(world, client_for):
    board = world["board"]
    # Bea also sits on another partnership's board: its admins see the change too.
    MembershipFactory(user=board.user, partnership=world.other_partnership, role=Role.BOARD_MEMBER)
    response = client_for(board).post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    who = board.user.full_name
    assert f"{who} changed their password" in _log(client_for(world["admin"]))
    assert f"{who} changed their password" in _log(client_for(world["outsider"]))

    # Later she forgets it, and chooses another from the link she is e-mailed.
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    board.user.refresh_from_db()
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(board.user), "key": default_token_generator.make_token(board.user)},
    )
    client = Client()
    form_page = client.get(link, follow=True)
    assert "New password" in words_shown(form_page.content.decode())
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "another-long-passphrase-27", "password2": "another-long-passphrase-27"},
    )
    assert response.status_code == 302
    board.user.refresh_from_db()
    assert board.user.check_password("another-long-passphrase-27")
    assert f"{who} chose a new password from a password reset link" in _log(client_for(world["admin"]))
    _nothing_secret_recorded(PASSWORD, NEW_PASSWORD, "another-long-passphrase-27")


def test_setting_up_replacing_codes_of_and_removing_a_second_factor_are_in_the_log(
    world, client_for, django_capture_on_commit_callbacks
):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    board = world["board"]  # a board member may use an authenticator app, and may stop
    client = Client()
    assert client.post(reverse("account_login"), {"login": board.user.email, "password": PASSWORD}).status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth tells of it once committed
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    codes = [
        str(c) for c in Authenticator.objects.get(user=board.user, type="recovery_codes").wrap().get_unused_codes()
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=board.user).exists()

    admin = client_for(world["admin"])
    log = _log(admin)
    who = board.user.full_name
    assert log.count(f"{who} set up a second factor") == 2  # the app, and its recovery codes
    assert f"{who} made new recovery codes, replacing the old ones" in log
    assert log.count(f"{who} removed a second factor") == 2
    removed = AuditEvent.objects.filter(action="authenticator.removed").order_by("pk").first()
    detail = words_shown(admin.get(reverse("audit_trail:event", args=[removed.pk])).content.decode())
    assert "What was recorded with it Kind Authenticator app" in detail
    _nothing_secret_recorded(secret, *codes)
