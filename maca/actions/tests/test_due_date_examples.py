"""A due date must be today or later, so the example a due date's field gives
is a date to come, worked out from today (never a fixed day that has passed),
in its hint and in the message for a date not written in numbers; and an
empty new due date is asked for by name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_corrections import error_links
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _hint_of_date(page: str, name: str) -> str:
    """The hint of the date field ``name``, as a person reads it above its boxes."""
    fieldset = re.search(rf'<fieldset(?:(?!</fieldset>).)*name="{name}-day".*?</fieldset>', page, re.S).group(0)
    hint = re.search(r'<div[^>]*class="govuk-hint"[^>]*>(.*?)</div>', fieldset, re.S)
    return words_shown(hint.group(1)) if hint else ""


def _example_date(text: str) -> dt.date:
    day, month, year = re.search(r"for example,? (\d{1,2}) (\d{1,2}) (\d{4})", text, re.I).groups()
    return dt.date(int(year), int(month), int(day))


def test_the_example_is_a_date_to_come():
    from maca.actions.forms import due_date_example

    for today in (dt.date(2026, 12, 6), dt.date(2027, 1, 31), dt.date(2028, 2, 29)):
        assert _example_date(f"For example, {due_date_example(today)}") > today


def test_the_due_date_fields_give_an_example_to_come(world, client_for):
    today = dt.date.today()
    qa = client_for(world["qa"])
    action = raise_action(world)
    pages = {
        "raise": qa.get(reverse("actions:raise")).content.decode(),
        "move": qa.get(reverse("actions:move_due_date", args=[action.pk])).content.decode(),
    }
    for what, page in pages.items():
        hint = _hint_of_date(page, "due_on")
        assert hint.startswith("For example, "), what
        assert _example_date(hint) > today, (what, hint)


def test_a_due_date_not_in_numbers_is_told_with_an_example_to_come(world, client_for):
    today = dt.date.today()
    qa = client_for(world["qa"])
    action = raise_action(world)
    letters = {"due_on-day": "a", "due_on-month": "b", "due_on-year": "c"}
    page = qa.post(
        reverse("actions:move_due_date", args=[action.pk]), {"version": action.version, "reason": "x", **letters}
    ).content.decode()
    [message] = [m for m in error_links(page) if m.startswith("New due date must be a real date")]
    assert _example_date(message) > today, message
    page = qa.post(reverse("actions:raise"), {"title": "x", **letters}).content.decode()
    [message] = [m for m in error_links(page) if m.startswith("Due date must be a real date")]
    assert _example_date(message) > today, message


def test_an_empty_new_due_date_is_asked_for_by_name(world, client_for):
    action = raise_action(world)
    page = client_for(world["qa"]).post(
        reverse("actions:move_due_date", args=[action.pk]),
        {"version": action.version, "reason": "x", "due_on-day": "", "due_on-month": "", "due_on-year": ""},
    )
    assert error_links(page.content.decode()) == {"Enter the new due date": "#id_due_on-day"}
