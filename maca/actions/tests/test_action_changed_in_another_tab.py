"""An action's pages (QA walk): the QA officer's own save of the action in
another tab is said to be theirs, as an audit's pages say it (ADR 0027), not
"someone else"'s; a change by anyone else among those since is still
"someone else"'s."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maca.actions import services
from maca.actions.models import Action
from maca.actions.presenters import long_date
from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_corrections import _date, hidden_version, html, textarea
from maca.tests.test_words_on_pages import words_of


def test_the_persons_own_save_in_another_tab_is_theirs_anyone_elses_is_someone_elses(world, client_for):
    today = dt.date.today()
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    qa, url = client_for(world["qa"]), reverse("actions:move_due_date", args=[action.pk])
    first_tab, second_tab = html(qa.get(url)), html(qa.get(url))
    sooner, later = today + dt.timedelta(days=20), today + dt.timedelta(days=45)
    posted = {"version": hidden_version(first_tab), "reason": "Waiting for data.", **_date("due_on", sooner)}
    assert qa.post(url, posted).status_code == 302

    page = html(
        qa.post(url, {"version": hidden_version(second_tab), "reason": "New system.", **_date("due_on", later)})
    )

    shown = words_of(page)
    assert (
        "You changed this action on another page (another tab or window) while editing it here, so your changes on "
        "this page have not been saved." in shown
    )
    assert "Someone else" not in shown and "someone else" not in shown
    assert f"Due {long_date(sooner)}" in shown and textarea(page, "reason") == "New system."
    assert (
        qa.post(url, {"version": hidden_version(page), "reason": "New system.", **_date("due_on", later)}).status_code
        == 302
    )
    assert f"{long_date(later)} (was {long_date(today + dt.timedelta(days=10))})" in words_of(
        html(qa.get(reverse("actions:detail", args=[action.pk])))
    )

    # The person's own save, then someone else's: "someone else".
    third_tab = html(qa.get(url))
    assert (
        qa.post(url, {"version": hidden_version(third_tab), "reason": "Again.", **_date("due_on", sooner)}).status_code
        == 302
    )
    action = Action.objects.get(pk=action.pk)
    services.action_change_owner(
        actor=world["admin"].user,
        action=action,
        owner_agency=world["health_lead"].agency,
        owner=world["health_lead"].user,
        reason="Health leads.",
        expected_version=action.version,
    )
    page = html(
        qa.post(url, {"version": hidden_version(third_tab), "reason": "Later still.", **_date("due_on", later)})
    )
    shown = words_of(page)
    assert "Someone else changed this action while you were editing it" in shown
    assert "You changed this action on another page" not in shown
