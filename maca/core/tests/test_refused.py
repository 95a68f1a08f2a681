"""A refusal the person can act on says what is true and the way back; any
other refusal is the page for a role that lacks the part of maca."""

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from maca.core.errors import Refused
from maca.core.views import permission_denied
from maca.tests.page import words_shown


def test_a_refusal_with_a_reason_says_it_and_links_back():
    refusal = Refused(
        title="You cannot change this return",
        caption="Neglect in babies – case 2",
        paragraphs=["It has been submitted."],
        back_text="Go to the return",
        back_url="/returns/7/",
        status=200,
    )
    response = permission_denied(RequestFactory().get("/"), refusal)
    page = response.content.decode()
    assert response.status_code == 200
    shown = words_shown(page)
    assert "You cannot change this return" in shown and "It has been submitted." in shown
    assert "Your role does not include" not in shown
    assert 'href="/returns/7/"' in page


def test_any_other_refusal_is_about_the_role():
    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "Your role does not include this part of maca." in words_shown(response.content.decode())
