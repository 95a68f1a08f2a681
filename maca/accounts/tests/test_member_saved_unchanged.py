"""Saving someone's page as it was changes nothing (no version moved, so no
other admin's open page is told of a change that never happened), and an
admin who changed the person in another tab is told it was them."""

from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import membership_update
from maca.tests.page import words_shown


def _as_it_is(membership) -> dict:
    return {
        "role": membership.role,
        "agency": membership.agency_id or "",
        "job_title": membership.job_title,
        "version": membership.version,
    }


def test_saving_a_persons_page_unchanged_leaves_another_admins_page_good(world, client_for):
    board = world["board"].membership
    opened = _as_it_is(board)  # another admin's page, opened now
    client = client_for(world["admin"])
    response = client.post(reverse("accounts:member", args=[board.pk]), opened, follow=True)
    assert "Nothing was changed" in words_shown(response.content.decode())
    board.refresh_from_db()
    assert board.version == opened["version"]

    changed = client.post(reverse("accounts:member", args=[board.pk]), {**opened, "job_title": "Vice chair"})
    assert changed.status_code == 302
    board.refresh_from_db()
    assert board.job_title == "Vice chair"


def test_an_admin_who_changed_the_person_in_another_tab_is_told_it_was_them(world, client_for):
    board = world["board"].membership
    opened = _as_it_is(board)
    admin = world["admin"]
    membership_update(
        actor=admin.user,
        membership=board,
        role=Role.BOARD_MEMBER,
        agency=None,
        job_title="Chair of the board",
        expected_version=board.version,
    )
    response = client_for(admin).post(
        reverse("accounts:member", args=[board.pk]), {**opened, "role": Role.INDEPENDENT_SCRUTINEER}
    )
    shown = words_shown(response.content.decode())
    assert "You changed this person’s access on another page" in shown
    assert "Someone else" not in shown
    board.refresh_from_db()
    assert board.role == Role.BOARD_MEMBER
