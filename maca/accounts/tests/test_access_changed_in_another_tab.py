"""Removing someone's access, or giving it back, from a page opened before
the same admin did it in another tab: the page says it was them, not
"someone else"; a change by another admin is still someone else's."""

from django.urls import reverse

from maca.accounts.services import membership_deactivate, membership_reactivate
from maca.tests.page import words_shown


def _remove(client, membership, version):
    return client.post(
        reverse("accounts:deactivate_member", args=[membership.pk]), {"reason": "Term ended", "version": version}
    )


def _give_back(client, membership, version):
    return client.post(reverse("accounts:reactivate_member", args=[membership.pk]), {"version": version}, follow=True)


def test_removing_access_twice_in_two_tabs_is_told_as_the_admins_own_change(world, client_for):
    board = world["board"].membership
    opened = board.version  # the removal page, open in two tabs
    client = client_for(world["admin"])
    assert _remove(client, board, opened).status_code == 302  # the first tab
    shown = words_shown(_remove(client, board, opened).content.decode())  # the second
    assert "You changed this person’s access on another page" in shown
    assert "another tab or window" in shown
    assert "Someone else" not in shown


def test_removing_access_after_another_admin_did_is_someone_elses_change(world, client_for):
    board = world["board"].membership
    opened = board.version
    membership_deactivate(actor=world["qa"].user, membership=board, reason="Left", expected_version=opened)
    shown = words_shown(_remove(client_for(world["admin"]), board, opened).content.decode())
    assert "Someone else changed this person’s access" in shown
    assert "another tab" not in shown


def test_giving_access_back_twice_in_two_tabs_is_told_as_the_admins_own_change(world, client_for):
    admin = world["admin"]
    board = world["board"].membership
    board = membership_deactivate(
        actor=admin.user, membership=board, reason="Term ended", expected_version=board.version
    )
    opened = board.version  # the person's page, open in two tabs
    client = client_for(admin)
    first = words_shown(_give_back(client, board, opened).content.decode())
    assert "has access again" in first
    shown = words_shown(_give_back(client, board, opened).content.decode())
    assert "You changed this person’s access on another page" in shown
    assert "Someone else" not in shown


def test_giving_access_back_after_another_admin_did_is_someone_elses_change(world, client_for):
    board = world["board"].membership
    board = membership_deactivate(
        actor=world["admin"].user, membership=board, reason="Term ended", expected_version=board.version
    )
    opened = board.version
    membership_reactivate(actor=world["qa"].user, membership=board, expected_version=opened)
    shown = words_shown(_give_back(client_for(world["admin"]), board, opened).content.decode())
    assert "Someone else changed" in shown
    assert "another tab" not in shown
