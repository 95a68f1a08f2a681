"""Found walking people's administration with two admins: one opened "Remove
access" while the other changed the person's role. The page said "check the
current details and try again" but showed none, so the admin could not see
what had changed before removing the access again."""

from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import membership_deactivate, membership_update
from maca.tests.page import Page, words_shown


def _remove(client, membership, version, reason="Term ended"):
    return client.post(
        reverse("accounts:deactivate_member", args=[membership.pk]), {"reason": reason, "version": version}
    )


def test_a_removal_refused_after_a_change_shows_the_persons_access_as_it_is_now(world, client_for):
    board = world["board"].membership
    opened = board.version  # the removal page, open while another admin changes the role
    membership_update(
        actor=world["qa"].user,
        membership=board,
        role=Role.INDEPENDENT_SCRUTINEER,
        agency=None,
        job_title="",
        expected_version=opened,
    )
    response = _remove(client_for(world["admin"]), board, opened, reason="Their term on the board ended")
    shown = words_shown(response.content.decode())
    assert "Someone else changed this person’s access" in shown
    name = board.user.full_name
    assert f"{name}’s access as it is now" in shown
    assert "Role Independent scrutineer" in shown
    # What the admin typed is still there, to remove the access again if they still mean to.
    assert Page(response.content.decode()).value("reason") == "Their term on the board ended"
    board.refresh_from_db()
    assert board.is_active


def test_a_removal_refused_because_another_admin_removed_the_access_shows_their_reason(world, client_for):
    board = world["board"].membership
    opened = board.version
    membership_deactivate(actor=world["qa"].user, membership=board, reason="Left the board", expected_version=opened)
    shown = words_shown(_remove(client_for(world["admin"]), board, opened).content.decode())
    assert "Status Access removed: Left the board" in shown


def test_the_removal_page_shows_no_current_details_before_any_conflict(world, client_for):
    board = world["board"].membership
    shown = words_shown(
        client_for(world["admin"]).get(reverse("accounts:deactivate_member", args=[board.pk])).content.decode()
    )
    assert "as it is now" not in shown
