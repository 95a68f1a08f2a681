"""A name that belongs to a retired theme: the QA officer adding it again is
told the theme is retired and how to offer it again, since no list shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Theme
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

RETIRED = (
    "There is already a retired theme with this name: to offer it again, open it on the themes page "
    "and untick ‘Retire this theme’"
)


def _retire(world, key: str) -> Theme:
    theme = Theme.objects.get(partnership=world.partnership, key=key)
    return services.theme_update(
        actor=world["qa"].user,
        theme=theme,
        name=theme.name,
        description=theme.description,
        is_retired=True,
        expected_version=theme.version,
    )


def test_adding_a_retired_themes_name_says_it_is_retired_and_how_to_bring_it_back(world, qa):
    retired = _retire(world, "consent")
    response = qa.post(reverse("findings:theme_new"), {"name": "consent", "description": ""})
    page = words_of(response.content.decode())
    assert f"There is a problem {RETIRED}" in page
    assert Theme.objects.filter(partnership=world.partnership, name__iexact="consent").count() == 1

    # The theme itself, named on the themes page, is where it is brought back.
    themes = read_tables(qa.get(reverse("findings:themes")).content.decode())["Themes"]
    assert themes.cell(retired.name, "Status") == "Retired"


def test_a_name_a_current_theme_has_is_still_said_to_be_taken(world, qa):
    housing = Theme.objects.get(partnership=world.partnership, key="housing")
    _retire(world, "consent")
    response = qa.post(
        reverse("findings:theme_edit", args=[housing.pk]),
        {"version": housing.version, "name": "Health", "description": ""},
    )
    page = words_of(response.content.decode())
    assert "There is a problem There is already a theme with this name" in page
    assert "There is already a retired theme" not in page
