"""Found in a QA walk: an agency lead who works in two partnerships, working in
one, opened the link of a "sent back" e-mail about the other and got "Page not
found", which said the page might belong to a partnership they had no access
to. The e-mail did not say which partnership it was about either.

Now each e-mail about a partnership's work names it, and
each of its links carries the partnership (``?partnership=<slug>``): opened by
an active member of it, the link switches to that partnership, as the "Switch
partnership" page does, and lands on the page. Anyone else gets what they got
before (a 404 for another partnership's record), with nothing switched and
nothing said about the partnership or the record. A 404 for someone in more
than one partnership says where they are working and how to switch, whatever
the address asked for."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from maca.accounts.middleware import CURRENT_PARTNERSHIP_SESSION_KEY
from maca.accounts.roles import Role
from maca.accounts.tests.factories import PASSWORD, MembershipFactory, totp_code
from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import move_return
from maca.tests.page import words_shown

COMMENT = "Say more about what the school knew."


def _sent_back(world) -> tuple[Return, SentEmail]:
    """The police's return sent back by the QA officer of Testshire, and the e-mail its leads got."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    ret.refresh_from_db()
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment=COMMENT,
        expected_version=ret.version,
    )
    return ret, SentEmail.objects.get(kind="return_sent_back")  # as delivered


def _link(email: SentEmail) -> str:
    """The link in the e-mail, as a path and query the test client opens."""
    [url] = re.findall(r"https?://\S+", email.body)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _working_in_otherby_too(world):
    """Lena, the police lead of Testshire, is also the police lead of Otherby, and works there now."""
    lena = world["lead"]
    MembershipFactory(
        user=lena.user, partnership=world.other_partnership, role=Role.AGENCY_LEAD, agency=world.other_agency
    )
    return lena


def test_the_sent_back_e_mail_names_its_partnership_and_its_link_carries_it(world):
    ret, email = _sent_back(world)
    assert "This e-mail is about Testshire Safeguarding Children Partnership." in email.body
    assert _link(email) == f"{reverse('returns:detail', args=[ret.pk])}?partnership=testshire"


def test_someone_in_two_partnerships_opens_the_link_and_lands_on_the_return_in_its_partnership(world, client_for):
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.other_partnership.pk})
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.other_partnership.pk
    ret, email = _sent_back(world)
    switches_before = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).count()

    response = client.get(_link(email))
    # The parameter is dropped: the address bar, a bookmark, a form on the page hold the plain address.
    assert response.status_code == 302 and response.url == reverse("returns:detail", args=[ret.pk])
    page = words_shown(client.get(response.url).content.decode())

    assert "You are now working in Testshire Safeguarding Children Partnership" in page
    assert ret.audit.title in page and COMMENT in page
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.partnership.pk
    switched = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user)
    assert switched.count() == switches_before + 1
    assert switched.latest("pk").partnership == world.partnership
    # Still working there: the home page is Testshire's.
    assert "Testshire" in words_shown(client.get(reverse("home:index")).content.decode())


def test_a_link_about_the_partnership_already_current_switches_nothing(world, client_for):
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    _, email = _sent_back(world)
    response = client.get(_link(email), follow=True)
    page = words_shown(response.content.decode())
    assert response.status_code == 200 and COMMENT in page
    assert "You are now working in" not in page
    assert not AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).exists()


def test_someone_of_another_partnership_only_gets_page_not_found_and_is_not_switched(world, client_for):
    otto = world["outsider"]  # of Otherby alone
    client = client_for(otto)
    ret, email = _sent_back(world)
    response = client.get(_link(email), follow=True)
    assert response.status_code == 404
    page = words_shown(response.content.decode())
    assert "Page not found" in page
    assert "Testshire" not in page and ret.audit.title not in page
    assert "switch partnership" not in page.lower()  # one partnership: nothing to switch to
    assert client.session.get(CURRENT_PARTNERSHIP_SESSION_KEY) != world.partnership.pk
    assert not AuditEvent.objects.filter(action="session.partnership_switched", actor=otto.user).exists()


def test_a_partnership_named_that_does_not_exist_is_ignored_the_same_way(world, client_for):
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    ret, _ = _sent_back(world)
    for slug in ("nowhere", "otherby"):  # no such partnership; one she works in, where the return is not
        response = client.get(f"{reverse('returns:detail', args=[ret.pk])}?partnership={slug}&back=x")
        assert response.status_code == 302 and response.url == f"{reverse('returns:detail', args=[ret.pk])}?back=x"
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.other_partnership.pk
    assert client.get(response.url).status_code == 404


def test_page_not_found_tells_someone_in_two_partnerships_where_they_work_and_how_to_switch(world, client_for):
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.other_partnership.pk}, follow=True)
    ret, _ = _sent_back(world)
    # The same words for a return of the other partnership and for one that exists nowhere.
    pages = [
        client.get(reverse("returns:detail", args=[pk])) for pk in (ret.pk, Return.objects.order_by("-pk")[0].pk + 999)
    ]
    assert {r.status_code for r in pages} == {404}
    texts = {words_shown(r.content.decode()) for r in pages}
    assert len(texts) == 1
    [text] = texts
    assert (
        "You are working in Otherby Safeguarding Children Partnership. If the link is about another partnership "
        "you work with, switch partnership and open it again." in text
    )
    assert f'href="{reverse("accounts:switch_partnership")}">switch partnership</a>' in pages[0].content.decode()


def test_a_link_never_sends_anyone_on_to_another_site(world, client_for):
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.partnership.pk})
    for path in ("//elsewhere.example/x", "/\\elsewhere.example/x"):
        for slug in ("otherby", "nowhere"):
            response = client.generic("GET", "/", PATH_INFO=path, QUERY_STRING=f"partnership={slug}")
            location = response.get("Location", "")
            assert "elsewhere.example" not in location, (path, slug, location)
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.partnership.pk


def test_a_link_switches_nothing_before_the_second_factor(world):
    from django.test import Client

    lena = _working_in_otherby_too(world)
    client = Client()
    client.force_login(lena.user)  # a password, and no code typed yet
    switches_before = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).count()
    response = client.get(reverse("mfa_reauthenticate"), {"partnership": world.other_partnership.slug})
    assert "You are now working in" not in words_shown(response.content.decode())
    assert client.session.get(CURRENT_PARTNERSHIP_SESSION_KEY) != world.other_partnership.pk
    after = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).count()
    assert after == switches_before
    lena.user.refresh_from_db()
    assert lena.user.last_partnership_id != world.other_partnership.pk


def test_a_head_request_of_the_link_is_answered_the_same_and_switches_nothing(world, client_for):
    """A link previewer may ask for the page's head only: it must not move the
    person to another partnership (review of the link's middleware)."""
    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.other_partnership.pk})
    ret, email = _sent_back(world)
    switches_before = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).count()

    response = client.head(_link(email))

    assert response.status_code == 302 and response.url == reverse("returns:detail", args=[ret.pk])
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.other_partnership.pk
    after = AuditEvent.objects.filter(action="session.partnership_switched", actor=lena.user).count()
    assert after == switches_before


def test_a_membership_ended_while_the_link_opens_switches_nothing_and_answers_as_for_anyone(
    world, client_for, monkeypatch
):
    """The membership read as the request began was ended before the switch:
    the page answers as it would without the link, not with a server error."""
    from django.core.exceptions import ValidationError

    from maca.accounts import services

    lena = _working_in_otherby_too(world)
    client = client_for(lena)
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.other_partnership.pk})
    ret, email = _sent_back(world)

    def ended_meanwhile(**kwargs):
        raise ValidationError("You are not a member of that partnership.")

    monkeypatch.setattr(services, "partnership_switch", ended_meanwhile)
    response = client.get(_link(email))

    assert response.status_code == 302 and response.url == reverse("returns:detail", args=[ret.pk])
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.other_partnership.pk
    page = words_shown(client.get(response.url).content.decode())
    assert "You are now working in Testshire" not in page
    assert "Page not found" in page  # Testshire's return, asked for while working in Otherby


def _form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's form, as the browser sends them."""
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in fields if name != "csrfmiddlewaretoken"}


@pytest.mark.django_db(transaction=True)
def test_someone_who_must_first_set_up_their_second_factor_lands_on_the_link_in_its_partnership(world):
    """Signed out, and with no authenticator app yet: the link leads to signing
    in, then to setting the app up, and then to the return, in the partnership
    the link is about, not in the one Lena last worked in. (Committed for real:
    allauth announces the new authenticator once its transaction commits.)"""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
    from django.test import Client

    lena = _working_in_otherby_too(world)
    lena.user.last_partnership = world.other_partnership
    lena.user.save(update_fields=["last_partnership"])
    Authenticator.objects.filter(user=lena.user).delete()
    ret, email = _sent_back(world)
    client = Client()

    sign_in = client.get(_link(email))
    assert sign_in.status_code == 302 and sign_in.url.startswith(reverse("account_login"))
    set_up = client.post(sign_in.url, {"login": lena.user.email, "password": PASSWORD}, follow=True)
    page = set_up.content.decode()
    assert "Set up your authenticator app" in words_shown(page)
    assert "You are now working in" not in words_shown(page)

    codes = client.post(
        reverse("mfa_activate_totp"),
        {**_form_fields(page), "code": totp_code(client.session[SECRET_SESSION_KEY])},
        follow=True,
    )
    assert codes.request["PATH_INFO"] == reverse("mfa_view_recovery_codes")
    [continue_url] = re.findall(r'<a href="([^"]+)"[^>]*>I have kept my codes safe', codes.content.decode())
    landed = client.get(html.unescape(continue_url), follow=True)

    assert landed.request["PATH_INFO"] == reverse("returns:detail", args=[ret.pk])
    shown = words_shown(landed.content.decode())
    assert "You are now working in Testshire Safeguarding Children Partnership" in shown
    assert ret.audit.title in shown and COMMENT in shown
    assert client.session[CURRENT_PARTNERSHIP_SESSION_KEY] == world.partnership.pk


ELSEWHERE = ("https://elsewhere.example/x", "//elsewhere.example/x")


def _signed_in_without_an_authenticator(world):
    """Lena, signed in with her password as she would be (so allauth's
    "confirm it's you" lets her through), who has yet to set up her
    authenticator app."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    lena = world["lead"]
    Authenticator.objects.filter(user=lena.user).delete()
    client = Client()
    signed_in = client.post(reverse("account_login"), {"login": lena.user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    return client


def _set_up_with(client, following: str):
    """Lena's set-up sent with ``following`` as the page to go on to."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    assert client.get(reverse("mfa_activate_totp"), {"next": following}).status_code == 200
    code = totp_code(client.session[SECRET_SESSION_KEY])
    return client.post(reverse("mfa_activate_totp"), {"code": code, "next": following})


def _confirmed_it_is_you(world):
    """Lena, signed in with her code, who has just confirmed it's her (recorded
    as allauth records a password typed on "Confirm it's you"), so her
    recovery codes are shown."""
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication
    from django.test import Client

    from maca.accounts.tests.factories import give_authenticator, sign_in_with_second_factor

    lena = world["lead"]
    give_authenticator(lena.user)
    client = sign_in_with_second_factor(Client(), lena.user)
    session = client.session
    record_authentication(SimpleNamespace(session=session), lena.user, "password", reauthenticated=True)
    session.save()
    return client


def _continue_link(client, following: str) -> str:
    """Where the recovery codes page's "I have kept my codes safe" leads."""
    page = client.get(reverse("mfa_view_recovery_codes"), {"next": following})
    assert page.status_code == 200
    [continue_url] = re.findall(r'<a href="([^"]+)"[^>]*>I have kept my codes safe', page.content.decode())
    return html.unescape(continue_url)


def test_a_link_to_follow_after_the_set_up_never_leads_to_another_site(world):
    client = _signed_in_without_an_authenticator(world)
    for elsewhere in ELSEWHERE:
        page = client.get(reverse("mfa_activate_totp"), {"next": elsewhere})
        assert page.status_code == 200
        shown = page.content.decode()
        assert "Set up your authenticator app" in words_shown(shown)
        assert "elsewhere.example" not in shown and 'name="next"' not in shown


def test_the_set_up_sent_with_a_link_to_another_site_leads_to_the_recovery_codes_alone(world):
    client = _signed_in_without_an_authenticator(world)
    response = _set_up_with(client, "//elsewhere.example/x")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")


def test_the_recovery_codes_continue_home_rather_than_to_another_site(world):
    client = _confirmed_it_is_you(world)
    for elsewhere in (*ELSEWHERE, "//elsewhere.example/"):
        assert _continue_link(client, elsewhere) == reverse("home:index")


def _pages_not_to_go_on_to() -> list[str]:
    """The set-up of the second factor itself (whose address, opened again
    once it is done, is a form removing the new authenticator), signing out
    (a "do you want to sign out?" question) and the other pages reached
    before the set-up or tied to no partnership: never the page an e-mail's
    link asked for."""
    return [
        reverse("mfa_activate_totp"),
        reverse("account_logout"),
        reverse("accounts:switch_partnership"),
        f"{reverse('mfa_view_recovery_codes')}?next=/",
    ]


def test_the_set_up_never_goes_on_to_itself_or_to_signing_out(world):
    for page in _pages_not_to_go_on_to():
        client = _signed_in_without_an_authenticator(world)
        shown = client.get(reverse("mfa_activate_totp"), {"next": page}).content.decode()
        assert 'name="next"' not in shown, page
        assert _set_up_with(client, page)["Location"] == reverse("mfa_view_recovery_codes"), page


def test_the_recovery_codes_continue_home_rather_than_to_the_set_up_or_signing_out(world):
    client = _confirmed_it_is_you(world)
    for page in _pages_not_to_go_on_to():
        assert _continue_link(client, page) == reverse("home:index"), page
    following = f"{reverse('returns:mine')}?partnership=testshire"
    assert _continue_link(client, following) == following  # an e-mail's link is still followed


def test_an_invitation_link_is_still_followed_after_the_set_up(world):
    """An invitation is tied to no partnership, but an e-mail's link leads to
    it: someone signed in who had to set up their authenticator first goes on
    to it, not home (review)."""
    invitation = reverse("accounts:accept_invitation", args=["a-token-from-an-e-mail"])
    client = _confirmed_it_is_you(world)
    assert _continue_link(client, invitation) == invitation
    client = _signed_in_without_an_authenticator(world)
    went_on = _set_up_with(client, invitation)["Location"]
    assert went_on == f"{reverse('mfa_view_recovery_codes')}?{urlencode({'next': invitation})}"
