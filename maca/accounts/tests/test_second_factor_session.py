"""The second factor is a property of the session, not of the account: a
session opened with a password alone reaches no case-level data and no
platform administration, whoever it belongs to."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    MembershipFactory,
    UserFactory,
    give_authenticator,
    totp_code,
)


def _operator(world, *, with_membership: bool = True, with_authenticator: bool = True):
    operator = UserFactory(email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True)
    if with_membership:
        MembershipFactory(user=operator, partnership=world.partnership, role="qa_officer")
    if with_authenticator:
        give_authenticator(operator)
    return operator


def _password_only(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def test_a_password_only_session_is_asked_for_a_code_before_any_case_page(world):
    client = _password_only(world["qa"].user)
    response = client.get(reverse("pool:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?" + urlencode({"next": reverse("pool:index")})
    # Nor the recovery codes, which would be a way round the code.
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 302


def test_typing_the_code_opens_the_page_that_was_asked_for(world):
    client = _password_only(world["qa"].user)
    url = client.get(reverse("pool:index"))["Location"]
    page = client.get(url)
    assert "Enter the code from your authenticator app to continue" in page.content.decode()
    response = client.post(url, {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert response["Location"] == reverse("pool:index")
    assert client.get(reverse("pool:index")).status_code == 200


def test_the_admin_sign_in_form_is_gone_and_its_password_opens_nothing(world):
    operator = _operator(world)
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": operator.email, "password": PASSWORD, "next": "/platform-admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("pool:index")).status_code == 302


def test_an_operator_reaches_the_admin_through_the_product_sign_in_and_a_code(world):
    operator = _operator(world)
    client = Client()
    to_admin_sign_in = client.get(reverse("admin:index"))
    to_sign_in = client.get(to_admin_sign_in["Location"])
    assert to_sign_in["Location"] == reverse("account_login") + "?next=" + reverse("admin:index")
    response = client.post(to_sign_in["Location"], {"login": operator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # the password alone is not enough
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response["Location"] == reverse("admin:index")
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Platform operators only" in page.content.decode()


def test_an_operator_in_a_password_only_session_is_asked_for_the_code_in_the_admin(world):
    client = _password_only(_operator(world, with_membership=False))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db(transaction=True)
def test_an_operator_without_an_authenticator_sets_one_up_before_the_admin(world):
    """Committed for real: allauth announces the new authenticator once its transaction commits."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    operator = _operator(world, with_membership=False, with_authenticator=False)
    client = Client()
    response = client.post(
        reverse("account_login") + "?next=/platform-admin/", {"login": operator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    set_up = client.get(reverse("admin:index"))["Location"]
    assert set_up == f"{reverse('mfa_activate_totp')}?next=%2Fplatform-admin%2F"
    assert client.get(set_up).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(set_up, {"code": totp_code(secret)})
    # On to the recovery codes, whose "continue" leads to the admin asked for.
    assert response.status_code == 302 and response["Location"].endswith("?next=%2Fplatform-admin%2F")
    # Setting the authenticator up used it: this session has passed the second factor.
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_member_of_a_partnership_who_is_not_an_operator_is_refused_the_admin(world, client_for):
    client = client_for(world["qa"])
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_an_operator_may_not_switch_their_second_factor_off(world):
    operator = _operator(world, with_membership=False)
    assert operator.requires_mfa
