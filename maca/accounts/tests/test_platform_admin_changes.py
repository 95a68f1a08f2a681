"""What a platform operator changes in /platform-admin/ is in the affected
partnership's audit log, and its partnership admins are told by e-mail."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.accounts.tests.factories import (
    PASSWORD,
    MembershipFactory,
    UserFactory,
    give_authenticator,
    sign_in_with_second_factor,
)
from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.tests.page import Page

LOST_PHONE = "Lost phone and codes; called back on the number the partnership holds for them."


@pytest.fixture
def operator(world):
    user = UserFactory(
        email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True, is_superuser=True
    )
    give_authenticator(user)
    return user


@pytest.fixture
def operator_client(operator):
    return sign_in_with_second_factor(Client(), operator)


def _emails_to(address: str):
    return SentEmail.objects.filter(to__contains=address)


def _admin_sees_in_the_audit_log(world, client_for, *texts: str) -> None:
    page = client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode()
    for text in texts:
        assert text in page


def _membership_form(membership: Membership, **changes) -> dict:
    data = {
        "role": membership.role,
        "agency": membership.agency_id or "",
        "job_title": membership.job_title,
        "is_active": "on" if membership.is_active else "",
        "deactivation_reason": "",
        "loaded_version": membership.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_operator_giving_themselves_access_is_in_the_partnership_log_and_its_admins_are_told(
    world, operator, operator_client, client_for
):
    response = operator_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": operator.pk, "partnership": world.partnership.pk, "role": "qa_officer", "agency": "", "job_title": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=operator, partnership=world.partnership)
    event = AuditEvent.objects.get(partnership=world.partnership, action="membership.created", actor=operator)
    assert event.object_id == str(membership.pk)
    assert event.changes["to_themselves"] is True
    assert event.changes["via"] == "platform admin"
    mail = _emails_to(world["admin"].user.email).get(kind="operator_change")
    assert mail.partnership_id == world.partnership.pk
    assert "Olu Operator" in mail.body
    assert "the operator gave this access to themselves" in mail.body
    assert "QA officer" in mail.body
    _admin_sees_in_the_audit_log(world, client_for, "olu.operator@platform.example", "membership.created")


def test_a_role_changed_in_the_admin_is_recorded_and_told(world, operator, operator_client):
    board = world["board"].membership
    url = reverse("admin:accounts_membership_change", args=[board.pk])
    response = operator_client.post(url, _membership_form(board, role="qa_officer"))
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.role == "qa_officer"
    event = AuditEvent.objects.get(partnership=world.partnership, action="membership.updated", actor=operator)
    assert event.changes["role"] == ["board_member", "qa_officer"]
    mail = _emails_to(world["admin"].user.email).get(kind="operator_change")
    assert "role: Board member → QA officer" in mail.body
    # Re-opened, the admin page shows the saved role.
    page = operator_client.get(url).content.decode()
    assert '<option value="qa_officer" selected>' in page


def test_removing_access_in_the_admin_needs_a_reason_and_is_recorded(world, operator, operator_client):
    lead = world["lead"].membership
    url = reverse("admin:accounts_membership_change", args=[lead.pk])
    refused = operator_client.post(url, _membership_form(lead, is_active=""))
    assert refused.status_code == 200
    assert "Say why this person" in refused.content.decode()
    lead.refresh_from_db()
    assert lead.is_active

    operator_client.post(url, _membership_form(lead, is_active="", deactivation_reason="Left the police force"))
    lead.refresh_from_db()
    assert not lead.is_active
    event = AuditEvent.objects.get(partnership=world.partnership, action="membership.updated", actor=operator)
    assert event.changes["is_active_membership"] == [True, False]
    assert event.changes["reason"] == "Left the police force"


def test_the_last_partnership_admin_cannot_be_removed_in_the_admin(world, operator_client):
    admin = world["admin"].membership
    url = reverse("admin:accounts_membership_change", args=[admin.pk])
    response = operator_client.post(url, _membership_form(admin, role="board_member"))
    assert response.status_code == 200
    assert "must keep at least one partnership admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == "partnership_admin"


def test_two_operators_cannot_overwrite_each_other(world, operator_client):
    board = world["board"].membership
    stale = _membership_form(board, job_title="Chair")
    Membership.objects.filter(pk=board.pk).update(version=board.version + 1)
    response = operator_client.post(reverse("admin:accounts_membership_change", args=[board.pk]), stale)
    assert response.status_code == 200
    assert "Someone changed this membership while you were editing" in response.content.decode()


def _user_form(operator_client, user, **changes) -> dict:
    """The login's page as the operator's browser would send it back."""
    page = Page(operator_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode())
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "loaded_as": page.value("loaded_as"),
        **changes,
    }


def test_two_operators_changing_one_login_cannot_overwrite_each_other(world, operator_client):
    lead = world["lead"].user
    url = reverse("admin:accounts_user_change", args=[lead.pk])
    first, second = _user_form(operator_client, lead, full_name="Lena Lead-Smith"), _user_form(operator_client, lead)
    assert operator_client.post(url, first).status_code == 302
    response = operator_client.post(url, {**second, "is_staff": "on"})
    assert response.status_code == 200
    assert "Someone changed this login while you were editing. Reload and try again." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.full_name, lead.is_staff) == ("Lena Lead-Smith", False)


def test_a_person_changed_in_the_admin_is_recorded_in_each_of_their_partnerships(world, operator, operator_client):
    lead = world["lead"].user
    response = operator_client.post(
        reverse("admin:accounts_user_change", args=[lead.pk]),
        _user_form(operator_client, lead, full_name="Lena Lead-Smith", is_staff="on"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lead.refresh_from_db()
    assert lead.full_name == "Lena Lead-Smith"
    assert lead.is_staff
    event = AuditEvent.objects.get(partnership=world.partnership, action="user.updated", actor=operator)
    assert event.changes["is_staff"] == [False, True]
    assert event.changes["full_name"] == ["Lena Lead", "Lena Lead-Smith"]
    mail = _emails_to(world["admin"].user.email).get(kind="operator_change")
    assert "platform operator: no → yes" in mail.body
    assert not _emails_to(world["outsider"].user.email).filter(kind="operator_change").exists()


def test_a_person_added_in_the_admin_is_recorded(world, operator, operator_client):
    response = operator_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "first.admin@newshire.example",
            "full_name": "First Admin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="first.admin@newshire.example")
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.created", actor=operator, object_id=str(user.pk)).exists()


def test_operators_do_not_set_passwords_nor_delete_people_memberships_or_invitations(world, operator_client):
    lead = world["lead"]
    assert operator_client.get(reverse("admin:auth_user_password_change", args=[lead.user.pk])).status_code == 403
    assert operator_client.post(reverse("admin:accounts_user_delete", args=[lead.user.pk])).status_code == 403
    assert (
        operator_client.post(reverse("admin:accounts_membership_delete", args=[lead.membership.pk])).status_code == 403
    )
    assert Membership.objects.filter(pk=lead.membership.pk).exists()


def test_authenticators_cannot_be_deleted_the_plain_way(world, operator_client):
    totp = Authenticator.objects.get(user=world["qa"].user, type=Authenticator.Type.TOTP)
    response = operator_client.post(reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    page = operator_client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk])).content.decode()
    assert "Reset this person" in page
    assert totp.data["secret"] not in page


def test_an_operator_resets_a_lost_second_factor_with_a_reason_and_everyone_is_told(
    world, operator, operator_client, client_for
):
    qa = world["qa"].user
    signed_in_elsewhere = client_for(world["qa"])
    assert signed_in_elsewhere.get(reverse("home:index")).status_code == 200
    url = reverse("admin:mfa_authenticator_reset", args=[qa.pk])
    assert operator_client.get(url).status_code == 200
    short = operator_client.post(url, {"reason": "asked"})
    assert short.status_code == 200
    assert Authenticator.objects.filter(user=qa).exists()

    response = operator_client.post(url, {"reason": LOST_PHONE})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=qa).exists()
    event = AuditEvent.objects.get(partnership=world.partnership, action="authenticator.reset", actor=operator)
    assert event.changes["reason"] == LOST_PHONE
    assert sorted(event.changes["removed"]) == ["Recovery codes", "TOTP Authenticator"]
    assert LOST_PHONE in _emails_to(world["admin"].user.email).get(kind="operator_change").body
    to_person = _emails_to(qa.email).get(kind="second_factor_reset")
    assert "set up your authenticator app again" in to_person.body
    _admin_sees_in_the_audit_log(world, client_for, "authenticator.reset")
    # A session the person had open (on the lost phone, say) has ended.
    after = signed_in_elsewhere.get(reverse("home:index"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("account_login"))
    # At the next sign-in, the person sets a new authenticator up before anything else.
    client = Client()
    client.post(reverse("account_login"), {"login": qa.email, "password": PASSWORD})
    assert client.get(reverse("home:index"))["Location"] == reverse("mfa_activate_totp")


def test_the_admins_told_of_an_operators_change_are_those_who_can_act(world, operator, operator_client):
    """An admin whose account an operator switched off is not e-mailed what
    other people's access became (nor the reason given for it)."""
    switched_off = UserFactory(email="ari.away@testshire.example", full_name="Ari Away")
    MembershipFactory(user=switched_off, partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN)
    User.objects.filter(pk=switched_off.pk).update(is_active=False)
    url = reverse("admin:mfa_authenticator_reset", args=[world["qa"].user.pk])
    assert operator_client.post(url, {"reason": LOST_PHONE}).status_code == 302
    assert _emails_to(world["admin"].user.email).filter(kind="operator_change").count() == 1
    assert not _emails_to(switched_off.email).exists()


def test_an_operator_cannot_reset_their_own_second_factor(world, operator, operator_client):
    response = operator_client.post(
        reverse("admin:mfa_authenticator_reset", args=[operator.pk]), {"reason": LOST_PHONE}
    )
    assert response.status_code == 200
    assert "You cannot reset your own second factor" in response.content.decode()
    assert Authenticator.objects.filter(user=operator).exists()


# Partnerships and agencies ------------------------------------------------------------------------


def _agency_form(agency, **changes) -> dict:
    data = {
        "name": agency.name,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "is_active": "on" if agency.is_active else "",
        "loaded_version": agency.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_operator_renames_a_partnership_and_it_is_in_its_audit_log(world, operator, operator_client, client_for):
    from maca.partnerships.models import Partnership

    partnership = world.partnership
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    assert operator_client.get(url).status_code == 200
    form = {
        "name": "Testshire Children's Partnership",
        "short_name": partnership.short_name,
        "slug": partnership.slug,
        "is_active": "on",
        "loaded_version": partnership.version,
    }
    assert operator_client.post(url, form).status_code == 302
    page = operator_client.get(url).content.decode()
    assert 'value="Testshire Children&#x27;s Partnership"' in page
    event = AuditEvent.objects.get(partnership=partnership, action="partnership.updated", actor=operator)
    assert event.changes["name"][1] == "Testshire Children's Partnership"
    assert "slug" not in event.changes
    _admin_sees_in_the_audit_log(world, client_for, "Partnership changed")
    # A second operator who loaded the page before that save is told, and nothing is overwritten.
    stale = operator_client.post(url, {**form, "name": "Stale Name", "loaded_version": partnership.version})
    assert stale.status_code == 200 and "Someone changed this while you were editing" in stale.content.decode()
    assert Partnership.objects.get(pk=partnership.pk).name == "Testshire Children's Partnership"


def test_a_partnerships_slug_is_shown_and_cannot_be_changed_once_it_exists(world, operator, operator_client):
    """The slug is the partnership's address in every link maca has sent
    (``?partnership=<slug>``): changed, old links would stop switching, or
    switch to whichever partnership took it next (review of 9ace2ea)."""
    from maca.partnerships.models import Partnership

    partnership = world.partnership
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    page = operator_client.get(url).content.decode()
    assert 'name="slug"' not in page and f'<div class="readonly">{partnership.slug}</div>' in page
    form = {
        "name": partnership.name,
        "short_name": partnership.short_name,
        "slug": "elsewhere",
        "is_active": "on",
        "loaded_version": partnership.version,
    }
    assert operator_client.post(url, form).status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).slug == partnership.slug
    # A new partnership still has its slug written from its short name.
    assert 'name="slug"' in operator_client.get(reverse("admin:partnerships_partnership_add")).content.decode()


def test_an_operator_changes_and_deactivates_an_agency_through_the_services(world, operator, operator_client):
    agency = world.police
    url = reverse("admin:partnerships_agency_change", args=[agency.pk])
    response = operator_client.post(url, _agency_form(agency, name="Testshire Constabulary", is_active=""))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.is_active) == ("Testshire Constabulary", False)
    actions = set(AuditEvent.objects.filter(object_id=str(agency.pk), actor=operator).values_list("action", flat=True))
    assert actions == {"agency.updated", "agency.deactivated"}
    page = operator_client.get(url).content.decode()
    assert (
        'value="Testshire Constabulary"' in page
        and 'name="is_active"' in page
        and "checked" not in page.split('name="is_active"')[1].split(">")[0]
    )


def test_the_admin_says_what_deactivating_an_agency_ended(world, operator, operator_client):
    """Deactivating an agency in the admin goes through the partnership's own
    service, which ends its people's access and withdraws its invitations: the
    operator is told how many, as counted in that transaction."""
    from maca.accounts.models import Invitation
    from maca.accounts.roles import Role
    from maca.accounts.services import invitation_create
    from maca.tests.page import words_shown

    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.auditor@testshire.example",
        full_name="Invited Person",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    url = reverse("admin:partnerships_agency_change", args=[world.police.pk])
    response = operator_client.post(url, _agency_form(world.police, is_active=""), follow=True)
    shown = words_shown(response.content.decode())
    assert (
        "Testshire Police is no longer taking part. 2 people in it no longer have access "
        "and 1 invitation to it was withdrawn." in shown
    )
    assert not Membership.objects.filter(pk=world["lead"].membership.pk, is_active=True).exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    # An agency nobody had access through: said plainly, with nothing to count.
    url = reverse("admin:partnerships_agency_change", args=[world.other_agency.pk])
    shown = words_shown(
        operator_client.post(url, _agency_form(world.other_agency, is_active=""), follow=True).content.decode()
    )
    assert "Otherby Police is no longer taking part." in shown
    assert "no longer have access" not in shown and "withdrawn" not in shown


def test_an_agency_with_active_sub_units_cannot_be_switched_off_in_the_admin(world, operator, operator_client):
    from maca.partnerships.models import Agency, AgencyKind
    from maca.partnerships.services import agency_create

    unit = agency_create(
        actor=None,
        partnership=world.partnership,
        name="Riverside Surgery",
        kind=AgencyKind.GP_PRACTICE,
        parent=world.health,
    )
    url = reverse("admin:partnerships_agency_change", args=[world.health.pk])
    response = operator_client.post(url, _agency_form(world.health, name="Renamed Health", is_active=""))
    assert response.status_code == 200
    assert "sub-units still taking part. Mark them as no longer taking part first." in response.content.decode()
    health = Agency.objects.get(pk=world.health.pk)
    assert health.is_active and health.name != "Renamed Health"  # neither change was saved
    assert unit.is_active


def test_the_admin_has_no_page_that_changes_sign_in_outside_the_audited_services(world, operator_client):
    """An e-mail address added to someone's login is where their password-reset
    link would go; a permission group is not how maca gives access; a lockout
    cleared by hand leaves no trace. None of these pages exists, and the
    attempts and lockouts are there to read only."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt
    from django.urls import NoReverseMatch

    qa = world["qa"].user
    for name in ("admin:account_emailaddress_add", "admin:auth_group_add"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    assert operator_client.get("/platform-admin/account/emailaddress/add/").status_code == 404
    assert operator_client.get("/platform-admin/auth/group/add/").status_code == 404
    assert not EmailAddress.objects.filter(user=qa).exclude(email=qa.email).exists()

    attempt = AccessAttempt.objects.create(
        username=qa.email, ip_address="192.0.2.7", user_agent="test", failures_since_start=10, get_data="", post_data=""
    )
    assert operator_client.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk])).status_code == 200
    assert (
        operator_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert operator_client.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    changelist = operator_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_the_admin_deletes_no_partnership_and_no_agency(world, operator_client):
    for url in (
        reverse("admin:partnerships_partnership_delete", args=[world.partnership.pk]),
        reverse("admin:partnerships_agency_delete", args=[world.police.pk]),
    ):
        assert operator_client.get(url).status_code == 403
    changelist = operator_client.get(reverse("admin:partnerships_agency_changelist")).content.decode()
    assert "delete_selected" not in changelist


def test_a_login_changed_after_its_page_was_checked_is_refused_under_the_lock(world, operator):
    """The form's check and the save are two steps: the service checks again,
    under the login's lock, what the page showed."""
    from django.core.exceptions import ValidationError

    from maca.accounts import operator_services
    from maca.accounts.models import User

    lead = world["lead"].user
    shown = operator_services.login_as_shown(lead)
    User.objects.filter(pk=lead.pk).update(full_name="Lena Lead-Smith")  # another operator's save, in between
    with pytest.raises(ValidationError, match="Someone changed this login while you were editing"):
        operator_services.operator_user_update(
            actor=operator,
            user=lead,
            email=lead.email,
            full_name="Lena Lead",
            is_active=True,
            is_staff=True,
            is_superuser=False,
            shown_as=shown,
        )
    lead.refresh_from_db()
    assert (lead.full_name, lead.is_staff) == ("Lena Lead-Smith", False)


def test_the_platform_admin_asks_for_no_icon_maca_does_not_serve(operator_client):
    """Its pages said nothing of an icon, so the browser asked for
    /favicon.ico and the console showed a 404 (QA walk). They carry maca's
    empty icon, as every other page does, and keep Django's own head."""
    page = operator_client.get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="data:,">' in page
    assert "/static/admin/css/base.css" in page and "maca platform administration</a>" in page
