"""An audit's edit page (QA walk): the QA officer's own save of the audit in
another tab is said to be theirs, as the return's combine page says it, not
"someone else"'s; the form still shows both pages' changes, and saving again
keeps both."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.programme.models import Audit
from maca.programme.services import audit_move, priority_create, priority_update
from maca.programme.tests.factories import AuditFactory
from maca.programme.tests.test_audit_edit_pages import _as_shown
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown


def _opened(client, audit):
    return fields_shown(html.unescape(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode()))


def test_the_persons_own_save_in_another_tab_is_not_called_someone_elses(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk", target_cases=4)
    qa, url = client_for(world["qa"]), reverse("programme:audit_edit", args=[audit.pk])
    first_tab, second_tab = _opened(qa, audit), _opened(qa, audit)
    assert qa.post(url, {**_as_shown(first_tab), "target_cases": "6"}).status_code == 302

    response = qa.post(url, {**_as_shown(second_tab), "title": "Babies at risk at home", "target_cases": "5"})

    body = html.unescape(response.content.decode())
    shown = words_shown(body)
    assert "You changed this audit on another page" in shown
    assert (
        "You changed this audit on another page (another tab or window) while editing it here, so nothing has been "
        "saved yet." in shown
    )
    assert "You changed ‘Number of cases’ on both pages: this page’s is shown, with the other page’s under it." in shown
    assert "Saved meanwhile by you, on another page" in shown
    assert "Someone else" not in shown and "someone else" not in shown
    again = fields_shown(body)
    assert again["title"].chosen == ["Babies at risk at home"]
    assert qa.post(url, _as_shown(again)).status_code == 302
    audit.refresh_from_db()
    assert audit.title == "Babies at risk at home" and audit.target_cases == 5


def test_a_change_by_someone_else_since_is_still_called_so(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk", target_cases=4)
    qa, url = client_for(world["qa"]), reverse("programme:audit_edit", args=[audit.pk])
    first_tab, second_tab = _opened(qa, audit), _opened(qa, audit)
    assert qa.post(url, {**_as_shown(first_tab), "target_cases": "6"}).status_code == 302
    audit = Audit.objects.get(pk=audit.pk)
    audit_move(
        actor=world["admin"].user, audit=audit, to_stage="selecting", reason="Ready", expected_version=audit.version
    )

    response = qa.post(url, {**_as_shown(second_tab), "title": "Babies at risk at home"})

    assert "Someone else changed this audit while you were editing it" in words_shown(response.content.decode())


# The audit's other pages that can meet a conflict, and a board priority's page,
# say it the same way.


def _page(client, name, pk) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _posted(page: str, **changes) -> dict:
    """The form posted as the page shows it, with ``changes`` on top."""
    return {name: shown.chosen for name, shown in fields_shown(page).items() if shown.chosen} | changes


def _told_someone_else(shown: str, what: str):
    assert f"Someone else changed {what}" in shown
    assert "another page" not in shown


def _told_you(shown: str, what: str):
    assert f"You changed {what} on another page" in shown
    assert f"You changed {what} on another page (another tab or window) while editing it here" in shown
    assert "Someone else" not in shown and "someone else" not in shown


def _replanned_on_the_edit_page(client, audit):
    """The person (in another tab) changes the audit's plan on its edit page."""
    url = reverse("programme:audit_edit", args=[audit.pk])
    assert client.post(url, {**_as_shown(_opened(client, audit)), "target_cases": "6"}).status_code == 302


def _moved_by_the_admin(world, audit):
    audit = Audit.objects.get(pk=audit.pk)
    audit_move(
        actor=world["admin"].user, audit=audit, to_stage="selecting", reason="Ready", expected_version=audit.version
    )


def _page_left_open_over_a_change(world, client_for, url_name: str, whose: str):
    """The QA officer's page ``url_name`` of a new audit, opened; then the
    audit changed by them on its edit page ("mine") or moved by the admin."""
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=4)
    qa = client_for(world["qa"])
    page = _page(qa, url_name, audit.pk)
    if whose == "mine":
        _replanned_on_the_edit_page(qa, audit)
    else:
        _moved_by_the_admin(world, audit)
    return audit, qa, page


@pytest.mark.parametrize("whose", ["mine", "theirs"])
def test_the_scrutineers_page_says_whose_change_it_met(world, client_for, whose):
    audit, qa, page = _page_left_open_over_a_change(world, client_for, "programme:audit_scrutineers", whose)
    scrutineer = str(world["scrutineer"].user.pk)

    response = qa.post(reverse("programme:audit_scrutineers", args=[audit.pk]), _posted(page, scrutineers=[scrutineer]))

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    shown = words_shown(body)
    if whose == "mine":
        _told_you(shown, "this audit")
        assert "so nothing has been saved yet. The form now shows what you saved there" in shown
    else:
        _told_someone_else(shown, "this audit")
    assert fields_shown(body)["scrutineers"].chosen == [scrutineer]  # the person's tick is kept


@pytest.mark.parametrize("whose", ["mine", "theirs"])
def test_the_move_page_says_whose_change_it_met(world, client_for, whose):
    audit, qa, page = _page_left_open_over_a_change(world, client_for, "programme:audit_move", whose)

    response = qa.post(
        reverse("programme:audit_move", args=[audit.pk]),
        _posted(page, to_stage="cancelled", reason="The theme is covered elsewhere."),
    )

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    shown = words_shown(body)
    if whose == "mine":
        _told_you(shown, "this audit")
        assert "Your changes on this page have not been saved: check the current details and try again." in shown
    else:
        _told_someone_else(shown, "this audit")
    assert fields_shown(body)["reason"].chosen == ["The theme is covered elsewhere."]
    assert Audit.objects.get(pk=audit.pk).stage != "cancelled"


@pytest.mark.parametrize("whose", ["mine", "theirs"])
def test_a_board_prioritys_page_says_whose_change_it_met(world, client_for, whose):
    priority = priority_create(actor=world["qa"].user, partnership=world.partnership, title="Neglect")
    qa, url = client_for(world["qa"]), reverse("programme:priority", args=[priority.pk])
    first_tab, second_tab = _page(qa, "programme:priority", priority.pk), _page(qa, "programme:priority", priority.pk)
    if whose == "mine":
        assert qa.post(url, _posted(first_tab, description="Neglect of babies")).status_code == 302
    else:
        priority_update(
            actor=world["admin"].user,
            priority=priority,
            title="Neglect",
            description="Neglect of babies",
            is_active=True,
            expected_version=priority.version,
        )

    response = qa.post(url, _posted(second_tab, title="Neglect at home", description="Neglect at home"))

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    shown = words_shown(body)
    if whose == "mine":
        _told_you(shown, "this priority")
        assert "You changed ‘Description’ on both pages" in shown
        assert "Saved meanwhile by you, on another page" in shown
    else:
        _told_someone_else(shown, "this priority")
        assert "Saved meanwhile by someone else" in shown
    assert fields_shown(body)["title"].chosen == ["Neglect at home"]
    # Saving again, as the page now stands, saves both.
    assert qa.post(url, _posted(body)).status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Neglect at home" and priority.description == "Neglect at home"
