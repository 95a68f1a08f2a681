"""A case's agencies page (QA walk): the QA officer's own save of the same
case's agencies in another tab is said to be theirs, as the return's combine
page says it, not "someone else"'s; the boxes still show both pages' changes,
and saving again keeps both."""

from __future__ import annotations

import pytest

from maca.returns.tests.builders import audit_with_returns
from maca.selection.services import assignments_set
from maca.selection.tests.agencies_page import agencies_url
from maca.tests.page import Page, words_shown


@pytest.fixture
def audit_case(world):
    return audit_with_returns(world, cases=1).audit_cases.current().get()  # the police and health audit it


def test_the_persons_own_change_in_another_tab_is_not_called_someone_elses(world, audit_case, client_for):
    qa, url = client_for(world["qa"]), agencies_url(audit_case)
    first_tab, second_tab = (Page(qa.get(url).content.decode()) for _ in range(2))
    agencies = [world.police.pk, world.health.pk, world.gp_practice.pk]
    assert qa.post(url, {"agencies": agencies, "shown": first_tab.value("shown")}).status_code == 302

    response = qa.post(url, {"agencies": [world.police.pk], "shown": second_tab.value("shown")})

    shown = words_shown(response.content.decode())
    assert (
        "You changed the agencies for this case on another page (another tab or window) while editing them here, "
        "so nothing has been saved yet." in shown
    )
    assert "Someone else" not in shown
    page = Page(response.content.decode())
    assert page.checked("agencies") == {str(world.police.pk), str(world.gp_practice.pk)}  # both pages' changes
    assert qa.post(url, {"agencies": sorted(page.checked("agencies")), "shown": page.value("shown")}).status_code == 302
    assert Page(qa.get(url).content.decode()).checked("agencies") == {str(world.police.pk), str(world.gp_practice.pk)}


def test_someone_elses_change_is_still_called_so_beside_the_persons_own(world, audit_case, client_for):
    qa, url = client_for(world["qa"]), agencies_url(audit_case)
    opened = Page(qa.get(url).content.decode())
    agencies = [world.police.pk, world.health.pk, world.gp_practice.pk]
    assert qa.post(url, {"agencies": agencies, "shown": opened.value("shown")}).status_code == 302
    assignments_set(actor=world["admin"].user, audit_case=audit_case, agencies=[world.police, world.gp_practice])

    response = qa.post(url, {"agencies": [world.police.pk, world.health.pk], "shown": opened.value("shown")})

    assert "Someone else changed the agencies for this case" in words_shown(response.content.decode())
