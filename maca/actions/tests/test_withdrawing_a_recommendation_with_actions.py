"""Withdrawing a recommendation that actions were raised from: its withdraw
page names them and says what happens to them. While one is still open it is
not withdrawn (the plan would go on answering a recommendation the
partnership no longer makes): each is closed or cancelled in the action plan
first, with its own reason. Finished ones stay as they are, linked to it, and
the audit log names them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from maca.actions.models import Action
from maca.actions.services import action_cancel, action_raise_from_recommendation
from maca.audit_trail.models import AuditEvent
from maca.findings.models import Recommendation, RecommendationStatus
from maca.findings.tests.builders import audit_at_meeting
from maca.tests.page import Page, words_shown

WORDS = "Every strategy meeting invites health and education."


def _fields(world, title="Strategy meetings include health") -> dict:
    return {
        "title": title,
        "text": "Health is invited to every strategy meeting.",
        "measure": "A dip sample of 10 strategy meetings shows health invited to all.",
        "owner_agency": world.police,
        "owner": world["lead"].user,
        "due_on": dt.date.today() + dt.timedelta(days=60),
    }


@pytest.fixture
def recommendation(world):
    audit = audit_at_meeting(world)
    return Recommendation.objects.create(
        partnership=world.partnership,
        audit=audit,
        text=WORDS,
        status=RecommendationStatus.CONFIRMED,
        confirmed_by=world["qa"].user,
    )


@pytest.fixture
def qa(world, client_for):
    return client_for(world["qa"])


def _raise(world, recommendation, title="Strategy meetings include health") -> Action:
    return action_raise_from_recommendation(
        actor=world["qa"].user, recommendation=recommendation, **_fields(world, title)
    )


def _withdraw_url(recommendation) -> str:
    return reverse("findings:recommendation_withdraw", args=[recommendation.pk])


def _withdraw(client, recommendation, page: str, reason="Merged with the recommendation on think family"):
    data = {e["name"]: e.get("value", "") for e in Page(page).inputs() if e.get("type") == "hidden"}
    data["reason"] = reason
    return client.post(_withdraw_url(recommendation), data)


def _recommendation_page(client, recommendation) -> str:
    return words_shown(client.get(reverse("findings:recommendation", args=[recommendation.pk])).content.decode())


def test_with_an_open_action_the_page_names_it_and_offers_no_withdrawal(world, qa, recommendation):
    action = _raise(world, recommendation)
    page = qa.get(_withdraw_url(recommendation)).content.decode()
    words = words_shown(page)
    assert (
        "It cannot be withdrawn while an action raised from it is still open: "
        f"A{action.number}: Strategy meetings include health (not started)"
    ) in words
    assert (
        "Close or cancel it in the action plan, saying why, then withdraw the recommendation. "
        "An action keeps its history and its link to the recommendation."
    ) in words
    assert f'href="{reverse("actions:detail", args=[action.pk])}"' in page
    assert Page(page).inputs("reason") == [] and "textarea" not in page
    assert "Withdraw the recommendation" not in words.split("Close or cancel")[1]  # no button


def test_a_withdrawal_sent_while_an_action_is_open_is_not_made_and_the_reason_is_kept(world, qa, recommendation):
    form = qa.get(_withdraw_url(recommendation)).content.decode()
    _raise(world, recommendation)  # raised while the page was open
    response = _withdraw(qa, recommendation, form, reason="Merged with another")
    words = words_shown(response.content.decode())
    assert "It cannot be withdrawn while an action raised from it is still open" in words
    assert "Your reason, not saved Merged with another" in words
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.CONFIRMED
    assert "Confirmed" in _recommendation_page(qa, recommendation)
    assert "Withdrawn" not in _recommendation_page(qa, recommendation)


def test_two_open_actions_are_both_named(world, qa, recommendation):
    first = _raise(world, recommendation)
    second = _raise(world, recommendation, title="Schools invited too")
    words = words_shown(qa.get(_withdraw_url(recommendation)).content.decode())
    assert "It cannot be withdrawn while 2 actions raised from it are still open:" in words
    assert f"A{first.number}: Strategy meetings include health (not started)" in words
    assert f"A{second.number}: Schools invited too (not started)" in words
    assert "Close or cancel each of them in the action plan" in words


def test_once_its_action_is_cancelled_it_is_withdrawn_and_the_action_stays_linked(
    world, qa, client_for, recommendation
):
    action = _raise(world, recommendation)
    action_cancel(
        actor=world["qa"].user, action=action, reason="The recommendation is merged.", expected_version=action.version
    )
    page = qa.get(_withdraw_url(recommendation)).content.decode()
    words = words_shown(page)
    assert f"Actions raised from it A{action.number}: Strategy meetings include health (cancelled)" in words
    assert (
        "It is finished, and stays in the action plan as it is, linked to this recommendation, "
        "which its page will show as withdrawn."
    ) in words
    response = _withdraw(qa, recommendation, page)
    assert response.status_code == 302
    assert "Withdrawn: Merged with the recommendation on think family" in _recommendation_page(qa, recommendation)
    shown = words_shown(qa.get(reverse("actions:detail", args=[action.pk])).content.decode())
    assert f"Recommendation Since withdrawn: {WORDS}" in shown
    assert "Cancelled" in shown
    event = AuditEvent.objects.filter(action="recommendation.withdrawn").latest("pk")
    logged = words_shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    assert f"Actions kept A{action.number}: Strategy meetings include health" in logged


def test_with_no_action_the_page_says_so_and_withdraws_it(qa, recommendation):
    page = qa.get(_withdraw_url(recommendation)).content.decode()
    assert "No action in the action plan was raised from it." in words_shown(page)
    assert _withdraw(qa, recommendation, page).status_code == 302
    assert "Withdrawn: Merged with the recommendation on think family" in _recommendation_page(qa, recommendation)


def test_an_action_of_a_withdrawn_recommendation_is_not_reopened(world, qa, recommendation):
    """Withdrawing waits for its actions to be finished; reopening one after
    would leave the plan answering a recommendation no longer made."""
    from maca.actions.models import ActionStatus

    action = _raise(world, recommendation)
    action_cancel(
        actor=world["qa"].user, action=action, reason="The recommendation is merged.", expected_version=action.version
    )
    _withdraw(qa, recommendation, qa.get(_withdraw_url(recommendation)).content.decode())
    url = reverse("actions:reopen", args=[action.pk])
    form = qa.get(url).content.decode()
    data = {e["name"]: e.get("value", "") for e in Page(form).inputs() if e.get("type") == "hidden"}
    data["reason"] = "The merged recommendation needs it after all."
    response = qa.post(url, data)
    words = words_shown(response.content.decode())
    assert "There is a problem" in words
    assert (
        "The recommendation this action answers has been withdrawn, so the action cannot be reopened. "
        "If the work is still needed, raise a new action"
    ) in words
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED
    assert "Cancelled" in words_shown(qa.get(reverse("actions:detail", args=[action.pk])).content.decode())
    assert not AuditEvent.objects.filter(action="action.reopened").exists()


def test_the_withdraw_page_is_titled_with_its_audit_as_the_recommendation_page_is(world, qa, recommendation):
    """Its title used to say "Withdraw the recommendation" only: with several tabs open, or
    read first by a screen reader, it did not say which audit's recommendation."""

    def title() -> str:
        page = qa.get(_withdraw_url(recommendation)).content.decode()
        return " ".join(html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).split())

    assert title() == f"Withdraw the recommendation – {recommendation.audit.title} – maca"
    _raise(world, recommendation)  # the page that names its open action instead
    assert title() == f"Withdraw the recommendation – {recommendation.audit.title} – maca"
