"""The page's "Stay signed in" asks the keep-alive, which answers in JSON.
Once the person's access has ended it answers "signed out" in JSON too, not
with a redirect to the sign-in page (which the page's script would take for
a network hiccup, and keep showing work the person may no longer see)."""

from __future__ import annotations

from django.urls import reverse

from maca.accounts.services import membership_deactivate
from maca.tests.page import words_shown


def test_keep_alive_says_signed_out_once_access_has_ended_and_the_signed_out_page_says_why(world, client_for):
    auditor = client_for(world["auditor"])
    assert auditor.post(reverse("accounts:keep_alive")).json()["signed_in"] is True
    membership = world["auditor"].membership
    membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Left", expected_version=membership.version
    )

    response = auditor.post(reverse("accounts:keep_alive"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"signed_in": False, "seconds_left": 0}

    # Where the page's script then goes.
    page = words_shown(auditor.post(reverse("accounts:signed_out"), follow=True).content.decode())
    assert "You have been signed out" in page
    assert "Your access to maca has been removed" in page
    assert auditor.post(reverse("accounts:keep_alive")).json() == {"signed_in": False, "seconds_left": 0}
