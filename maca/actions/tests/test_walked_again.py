"""What the QA walk of the action plan found and left, put right, each test
failing before its correction:

- pressing "Raise the action" twice (or the browser sending the form again)
  raises one action, not two;
- only a concern can have an action raised from it, even by its address;
- a retired agency's people are not offered as owners;
- a step page whose action was cancelled meanwhile offers the way back, not
  a button that can only be refused;
- an immediate concern's urgent action reads "status not started";
- the board and scrutineers read that a reminder went, not to which address."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from maca.actions import reminders, services
from maca.actions.models import Action
from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.actions.tests.test_corrections import error_links, hidden_version, html
from maca.findings.models import Finding
from maca.partnerships import services as partnerships
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

MONDAY = dt.date(2026, 12, 7)


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _submission(page: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)


def _has_button(page: str, text: str) -> bool:
    return re.search(rf"<button[^>]*>\s*{re.escape(text)}\s*</button>", page) is not None


def _raise_form(world, submission: str) -> dict:
    return {
        "submission": submission,
        "title": "Shared checklist",
        "text": "Every agency uses the checklist at strategy discussions.",
        "measure": "A sample of ten discussions uses it.",
        "owner_agency": world.police.pk,
        "owner": world["lead"].user.pk,
        "priority": "high",
        **_date("due_on", dt.date.today() + dt.timedelta(days=30)),
    }


def test_pressing_raise_twice_raises_one_action_and_says_which(world, client_for):
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:raise")))
    assert 'data-prevent-double-click="true"' in page
    form = _raise_form(world, _submission(page))
    first = qa.post(reverse("actions:raise"), form)
    again = qa.post(reverse("actions:raise"), form, follow=True)
    action = Action.objects.get(partnership=world.partnership)
    assert first.url == reverse("actions:detail", args=[action.pk])
    assert again.redirect_chain[-1][0] == reverse("actions:detail", args=[action.pk])
    assert f"Action {action.reference} has been raised. It was raised once, not twice." in words_of(html(again))
    # A new page is a new form: the same words raised from it are a second action.
    qa.post(reverse("actions:raise"), _raise_form(world, _submission(html(qa.get(reverse("actions:raise"))))))
    assert Action.objects.filter(partnership=world.partnership).count() == 2


def test_a_form_shown_again_with_an_error_still_raises_once(world, client_for):
    qa = client_for(world["qa"])
    form = _raise_form(world, _submission(html(qa.get(reverse("actions:raise")))))
    page = html(qa.post(reverse("actions:raise"), {**form, "title": ""}))
    assert error_links(page) == {"Enter a short name for the action": "#id_title"}
    assert _submission(page) == form["submission"]
    qa.post(reverse("actions:raise"), form)
    qa.post(reverse("actions:raise"), form)
    assert Action.objects.filter(partnership=world.partnership).count() == 1


def test_an_action_cannot_be_raised_from_a_strength_even_by_its_address(world, client_for):
    audit, concern, _recs, _theme = audit_with_recommendations(world)
    strength = Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=concern.audit_case,
        polarity="strength",
        text="The school nurse saw the child weekly.",
    )
    qa = client_for(world["qa"])
    assert qa.get(reverse("actions:raise_from_finding", args=[strength.pk])).status_code == 404
    assert qa.get(reverse("actions:raise_from_finding", args=[concern.pk])).status_code == 200
    try:
        services.action_raise_from_finding(
            actor=world["qa"].user,
            finding=strength,
            title="Keep it up",
            text="Carry on.",
            measure="Seen in the next audit.",
            owner_agency=world.police,
            owner=world["lead"].user,
            due_on=dt.date.today() + dt.timedelta(days=30),
        )
    except services.ValidationError as error:
        assert error.messages == ["An action can only answer a concern, not a strength."]
    else:
        raise AssertionError("an action was raised from a strength")
    assert not Action.objects.filter(partnership=world.partnership).exists()


def test_a_retired_agencys_people_are_not_offered_as_owners(world, client_for):
    police = world.police
    partnerships.agency_set_active(
        actor=world["admin"].user, agency=police, active=False, expected_version=police.version
    )
    page = html(client_for(world["qa"]).get(reverse("actions:raise")))
    owners = re.search(r'<select[^>]*name="owner".*?</select>', page, re.S).group(0)
    assert "Lena Lead" not in owners
    assert "Testshire Police" not in owners


def test_a_step_page_for_an_action_cancelled_meanwhile_offers_the_way_back(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:change_owner", args=[action.pk])))
    assert _has_button(page, "Change the owner")
    services.action_cancel(actor=world["qa"].user, action=action, reason="Overtaken.", expected_version=action.version)
    page = html(
        qa.post(
            reverse("actions:change_owner", args=[action.pk]),
            {"owner": world["auditor"].user.pk, "reason": "Moving on.", "version": hidden_version(page)},
        )
    )
    assert "can no longer be changed" in words_of(page)
    assert not _has_button(page, "Change the owner")
    assert f'<a class="govuk-link" href="{reverse("actions:detail", args=[action.pk])}">Back to the action</a>' in page
    assert Action.objects.get(pk=action.pk).owner == world["lead"].user


def test_the_board_reads_that_a_reminder_went_not_to_which_address(world, client_for):
    action = raise_action(world, today=MONDAY - dt.timedelta(days=40), due_on=MONDAY - dt.timedelta(days=2))
    reminders.reminders_send_due(today=MONDAY)
    url = reverse("actions:detail", args=[action.pk])
    for who, sent_to in [
        ("qa", "lena@testshire.example"),
        ("lead", "lena@testshire.example"),
        ("board", "The owner"),
        ("scrutineer", "The owner"),
    ]:
        page = html(client_for(world[who]).get(url))
        assert read_tables(page)["Reminders sent"].rows == [["7 December 2026", "Overdue", sent_to]], who
        if sent_to == "The owner":
            assert "lena@testshire.example" not in page, who


def test_the_same_page_sent_again_with_other_words_raises_another_action_once(world, client_for):
    """After the browser's Back button, the page keeps its hidden value: what
    the person changed is a second action, and pressing twice raises it once."""
    qa = client_for(world["qa"])
    form = _raise_form(world, _submission(html(qa.get(reverse("actions:raise")))))
    qa.post(reverse("actions:raise"), form)
    changed = {**form, "title": "A second checklist"}
    qa.post(reverse("actions:raise"), changed)
    again = qa.post(reverse("actions:raise"), changed, follow=True)
    titles = sorted(Action.objects.filter(partnership=world.partnership).values_list("title", flat=True))
    assert titles == ["A second checklist", "Shared checklist"]
    second = Action.objects.get(title="A second checklist")
    assert f"Action {second.reference} has been raised. It was raised once, not twice." in words_of(html(again))
