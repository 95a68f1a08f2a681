"""Two people adding (or renaming to) the same theme name at the same moment:
one theme, and the other person is told the name is taken. Names are one
name whatever the case ("Transitions", "transitions")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Theme
from maca.findings.services import themes as theme_services
from maca.tests.page import Page, words_shown
from maca.tests.races import meet_before, needs_row_locks, run_each

pytestmark = pytest.mark.django_db


def _themes_named(world, name: str) -> list[str]:
    return list(Theme.objects.filter(partnership=world.partnership, name__iexact=name).values_list("name", flat=True))


@pytest.mark.parametrize("other_name", ["transitions", "Transitions"])
def test_a_theme_added_by_someone_else_at_the_same_moment_is_named_taken(
    world, qa, client_for, monkeypatch, other_name
):
    """The other admin's request is run after the name was checked, before it is
    saved. (Run on the first request's connection, its theme goes when the
    first request's work is undone: what matters is that there are never two.)"""
    admin = client_for(world["admin"])
    make_key = theme_services._unique_key
    other = {}

    def other_adds_it_meanwhile(partnership, name):
        if not other:
            other["running"] = True
            other["added"] = admin.post(reverse("findings:theme_new"), {"name": other_name, "description": ""})
        return make_key(partnership, name)

    monkeypatch.setattr(theme_services, "_unique_key", other_adds_it_meanwhile)
    response = qa.post(reverse("findings:theme_new"), {"name": "Transitions", "description": "Moves between services."})

    assert other["added"].status_code == 302
    assert response.status_code == 200
    assert "There is already a theme with this name" in words_shown(response.content.decode())
    assert Page(response.content.decode()).value("description") == "Moves between services."
    assert len(_themes_named(world, "transitions")) <= 1


def test_a_theme_renamed_to_a_name_added_at_the_same_moment_is_named_taken(world, qa, client_for, monkeypatch):
    theme = Theme.objects.get(partnership=world.partnership, key="housing")
    url = reverse("findings:theme_edit", args=[theme.pk])
    opened = Page(qa.get(url).content.decode())
    admin = client_for(world["admin"])
    clash = theme_services._name_clash
    other = {}

    def other_adds_it_meanwhile(partnership, name, *, exclude=None):
        found = clash(partnership, name, exclude=exclude)
        if not other:
            other["running"] = True
            other["added"] = admin.post(reverse("findings:theme_new"), {"name": "transitions", "description": ""})
        return found

    monkeypatch.setattr(theme_services, "_name_clash", other_adds_it_meanwhile)
    response = qa.post(
        url,
        {
            "version": opened.value("version"),
            "started": opened.value("started"),
            "name": "Transitions",
            "description": "D",
        },
    )

    assert other["added"].status_code == 302
    assert response.status_code == 200
    assert "There is already a theme with this name" in words_shown(response.content.decode())
    assert len(_themes_named(world, "transitions")) <= 1
    theme.refresh_from_db()
    assert theme.name != "Transitions"


@pytest.mark.django_db(transaction=True)
def test_two_people_adding_one_name_in_two_cases_at_the_same_moment_make_one_theme(world):
    needs_row_locks()
    add = meet_before(services.theme_create)
    outcomes = run_each(
        [
            lambda: add(actor=world["qa"].user, partnership=world.partnership, name="Transitions"),
            lambda: add(actor=world["admin"].user, partnership=world.partnership, name="transitions"),
        ]
    )
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and "There is already a theme with this name" in refused[0].messages, outcomes
    assert len(_themes_named(world, "transitions")) == 1
