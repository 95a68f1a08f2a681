"""A retired theme's page over the years says it is retired, as the themes
page and the search's list of themes do, and says no finding has it
confirmed without "yet", since none can be tagged with it now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Theme
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

RETIRED = "This theme is retired: it is no longer offered, and findings already tagged with it keep it."


def test_a_retired_themes_page_says_it_is_retired(world, qa):
    theme = Theme.objects.get(partnership=world.partnership, key="consent")
    url = reverse("findings:theme_over_years", args=[theme.key])
    page = words_of(qa.get(url).content.decode())
    assert RETIRED not in page and "No finding has this theme confirmed yet." in page

    services.theme_update(
        actor=world["qa"].user,
        theme=theme,
        name=theme.name,
        description=theme.description,
        is_retired=True,
        expected_version=theme.version,
    )
    page = words_of(qa.get(url).content.decode())
    assert f"{theme.name} {theme.description} {RETIRED} No finding has this theme confirmed." in page
    assert "confirmed yet" not in page
