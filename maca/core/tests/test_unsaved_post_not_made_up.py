"""A post kept across sign-in (``maca.core.unsaved``, ADR 0009) is saved only
for the person whose page it was typed on. A post made up on the same browser
by someone who is not signed in, naming another person by their id, is
dropped: it is never saved in that person’s name when they sign in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

PLANTED = "Nothing to add: the family were not known to us."


def _csrf_token(client) -> str:
    """As anyone on the browser could: from the sign-in page."""
    return Page(client.get(reverse("account_login")).content.decode()).value("csrfmiddlewaretoken")


def _plant(client, path: str, editor: str, answers: dict, version: int) -> None:
    response = client.post(
        path,
        {"csrfmiddlewaretoken": _csrf_token(client), "version": version, "_editor": editor, **answers},
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_post_made_up_for_someone_by_their_id_is_never_saved_in_their_name(world):
    audit = audit_with_returns(world, cases=1, agencies=[world.police], two_sections=True)
    ret = Return.objects.get(audit=audit, agency=world.police)
    auditor = world["auditor"].user
    page = reverse("returns:section", args=[ret.pk, 2])
    browser = Client(enforce_csrf_checks=True)  # nobody signed in
    _plant(browser, page, str(auditor.pk), {"voice": PLANTED}, ret.version)

    sign_in_with_second_factor(browser, auditor)
    response = browser.get(page)
    assert response.status_code == 200
    shown = words_shown(response.content.decode())
    assert PLANTED not in shown and "have now been saved" not in shown
    ret.refresh_from_db()
    assert ret.answers == {}
    assert "maca_unsaved_post" not in browser.session


def test_the_form_of_one_page_cannot_carry_a_post_to_another(world, client_for):
    """The value a page’s form names its person with is for that page only."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police], two_sections=True)
    ret = Return.objects.get(audit=audit, agency=world.police)
    auditor = world["auditor"]
    first = Page(client_for(auditor).get(reverse("returns:section", args=[ret.pk, 1])).content.decode())
    browser = Client(enforce_csrf_checks=True)
    second = reverse("returns:section", args=[ret.pk, 2])
    _plant(browser, second, first.value("_editor"), {"voice": PLANTED}, ret.version)

    sign_in_with_second_factor(browser, auditor.user)
    assert PLANTED not in words_shown(browser.get(second).content.decode())
    ret.refresh_from_db()
    assert ret.answers == {}


def test_a_post_typed_in_another_partnership_is_not_handed_back_in_this_one(world, rf):
    """Kept across sign-in, a post from a page opened in another partnership
    than the one the person works in now is dropped, as the partnership guard
    refuses it (``maca.core.opened_in``; review of the guard)."""
    from django.contrib.sessions.backends.db import SessionStore

    from maca.core.opened_in import FIELD
    from maca.core.unsaved import EDITOR_FIELD, _editor_value, keep_post, take_unsaved_post

    auditor = world["auditor"].user
    path = "/returns/1/sections/2/"

    def kept_from(partnership) -> object:
        request = rf.post(
            path, {EDITOR_FIELD: _editor_value(auditor.pk, path), FIELD: str(partnership.pk), "voice": PLANTED}
        )
        request.session = SessionStore()
        keep_post(request)
        back = rf.get(path)
        back.session, back.user, back.partnership = request.session, auditor, world.partnership
        return take_unsaved_post(back)

    assert kept_from(world.other_partnership) is None
    assert kept_from(world.partnership)["voice"] == PLANTED
