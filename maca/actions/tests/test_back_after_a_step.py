"""After a step on an action, its page still leads back to the list it was opened from.

Found on a QA walk: the agency lead working through their own list, or the QA
officer working through the plan filtered to its red actions, posted progress
or moved a due date, came back to the action's page, and its back link then
led to the whole, unfiltered plan: their place in the list was lost. The list
is carried through each step's page (its address and a hidden field in its
form) and the redirect after it, with the same safety as the action's page:
only the action plan's own lists, never another site's address.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse

from maca.actions.models import ActionStatus
from maca.actions.tests.builders import raise_action


def _text(response) -> str:
    return response.content.decode()


def _href(page: str, path: str) -> str:
    """The address of the page's link to ``path``, as the browser follows it."""
    [href] = re.findall(rf'href="({re.escape(path)}(?:\?[^"]*)?)"', page)
    return html.unescape(href)


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), match.group(2)


def _hidden(page: str) -> dict:
    """The form's hidden fields, as the browser sends them back."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def _step(client, list_address: str, action, step: str, answers: dict):
    """Open ``action`` from the list at ``list_address``, follow its link to
    ``step``, send the form with ``answers``; return the action's page after."""
    listing = _text(client.get(list_address))
    detail = _text(client.get(_href(listing, reverse("actions:detail", args=[action.pk]))))
    form_address = _href(detail, reverse(f"actions:{step}", args=[action.pk]))
    form = _text(client.get(form_address))
    assert _back_link(form)[0].startswith(reverse("actions:detail", args=[action.pk]))
    sent = client.post(form_address, {**_hidden(form), **answers})
    assert sent.status_code == 302, _text(sent)
    return _text(client.get(sent["Location"]))


def test_after_posting_progress_from_the_agencys_own_list_back_returns_to_it(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    page = _step(lead, reverse("actions:mine"), action, "progress", {"note": "The protocol is drafted."})
    assert "Your progress update has been added." in page
    assert _back_link(page) == (reverse("actions:mine"), "Back to your agency’s actions")


def test_after_moving_a_due_date_from_the_red_actions_back_returns_to_them(world, client_for):
    today = dt.date.today()
    late = raise_action(world, today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=3))
    new = today + dt.timedelta(days=30)
    qa = client_for(world["qa"])
    page = _step(
        qa,
        reverse("actions:plan") + "?rag=red",
        late,
        "move_due_date",
        {
            "reason": "Waiting for the new system.",
            "due_on-day": new.day,
            "due_on-month": new.month,
            "due_on-year": new.year,
        },
    )
    assert "The due date has been moved." in page
    assert _back_link(page) == (reverse("actions:plan") + "?rag=red", "Back to the action plan")


def test_after_a_sign_off_asked_for_and_given_back_returns_to_the_list(world, client_for):
    action = raise_action(world)
    lead, qa = client_for(world["lead"]), client_for(world["qa"])
    mine = reverse("actions:mine") + "?status=not_started"
    page = _step(lead, mine, action, "request_sign_off", {"note": "Sample done."})
    assert _back_link(page) == (mine, "Back to your agency’s actions")
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_SIGN_OFF
    waiting = reverse("actions:plan") + "?status=awaiting_sign_off"
    page = _step(qa, waiting, action, "sign_off", {"decision": "sign_off", "impact": "Referrals arrive complete."})
    assert "The action is signed off and closed." in page
    assert _back_link(page) == (waiting, "Back to the action plan")


def test_a_step_its_status_no_longer_allows_returns_to_the_action_keeping_the_list(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    back = reverse("actions:plan") + "?rag=green"
    reopen = reverse("actions:reopen", args=[action.pk])  # it is open already
    response = qa.get(reopen, {"back": back})
    page = _text(qa.get(response["Location"]))
    assert "so it is open already" in page
    assert _back_link(page) == (back, "Back to the action plan")


def test_a_back_address_that_is_not_one_of_the_lists_is_never_followed_after_a_step(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    detail = reverse("actions:detail", args=[action.pk])
    progress = reverse("actions:progress", args=[action.pk])
    for n, back in enumerate(
        ("https://elsewhere.example/", "//elsewhere.example/actions/", "/\\elsewhere.example/", "/manage/audit-log/")
    ):
        form = _text(lead.get(progress, {"back": back}))
        assert "elsewhere" not in form and "audit-log" not in form, back
        assert _back_link(form) == (detail, "Back to the action")
        for sent in (
            lead.post(progress, {"note": f"Update {n}", "back": back}),
            lead.post(progress + "?" + f"back={back}", {"note": f"Update {n} again"}),
        ):
            assert sent.status_code == 302
            assert sent["Location"] == detail, back
        page = _text(lead.get(sent["Location"]))
        assert _back_link(page) == (reverse("actions:plan"), "Back to the action plan")


def test_the_sign_off_page_of_an_action_never_marked_completed_says_its_status_not_a_cause(world, client_for):
    """Found on a walk: the QA officer opened the sign-off page of an action
    in progress and read "This action was updated on ..., so it is not
    waiting for sign-off", as if the update had taken it out of sign-off."""
    action = raise_action(world)
    qa = client_for(world["qa"])
    response = qa.get(reverse("actions:sign_off", args=[action.pk]))
    page = _text(qa.get(response["Location"]))
    assert "This action is not started, so it is not waiting for sign-off" in page
    assert "was raised on" not in page
